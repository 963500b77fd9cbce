// Shared helpers of the fake provider tests: servers closed after each test, loose JSON reads and an SSE
// splitter for assertions.
import { afterEach } from 'vitest';
import type { FakeProviderServer } from './index.ts';

const servers: FakeProviderServer[] = [];

/** Closes every tracked server after each test of the calling file. */
export function closeServersAfterEach(): void {
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
}

export async function track(server: Promise<FakeProviderServer>): Promise<FakeProviderServer> {
  servers.push(await server);
  return servers.at(-1)!;
}

// Wire JSON is read loosely here; the assertions check its shape.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Wire = any;

export async function json(response: Response | Promise<Response>): Promise<Wire> {
  return (await response).json();
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The JSON payloads of an SSE body, `[DONE]` kept as a string. */
export function sseData(text: string): Wire[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .find((line) => line.startsWith('data: '))
        ?.slice(6),
    )
    .filter((data): data is string => data !== undefined)
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

export const writeTool = (pathKey: string, contentKey: string) => ({
  type: 'object',
  properties: { [pathKey]: { type: 'string' }, [contentKey]: { type: 'string' } },
  required: [pathKey, contentKey],
});
