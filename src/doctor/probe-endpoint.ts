// One GET against an engine's endpoint with a short deadline. Any HTTP answer, even 401 or 404, means
// the server is reachable. No credentials are sent, and none are printed: the URL shown loses any
// user:password and its query (where some gateways take a key), as the engines show an endpoint.
import { describeEndpoint } from '../engines/http/index.ts';

export interface EndpointProbe {
  /** The URL asked, without credentials. */
  url: string;
  reachable: boolean;
  status?: number;
  /** A version the server reported (Ollama's /api/version). */
  version?: string;
  error?: string;
}

export async function probeEndpoint(input: {
  baseUrl: string;
  path: string;
  timeoutMs: number;
}): Promise<EndpointProbe> {
  let url: URL;
  try {
    url = new URL(`${input.baseUrl.replace(/\/+$/, '')}${input.path}`);
  } catch {
    return { url: describeEndpoint(input.baseUrl), reachable: false, error: 'not a valid URL' };
  }
  // fetch refuses URLs with user:password, and doctor sends no credentials anyway.
  url.username = '';
  url.password = '';
  const shown = describeEndpoint(url.href);
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const probe: EndpointProbe = { url: shown, reachable: true, status: response.status };
    const body = await response.text().catch(() => '');
    if (response.ok) {
      const version = readVersion(body);
      if (version) probe.version = version;
    }
    return probe;
  } catch (error) {
    return { url: shown, reachable: false, error: describeFetchError(error, input.timeoutMs) };
  }
}

function readVersion(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { version?: unknown }).version;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
