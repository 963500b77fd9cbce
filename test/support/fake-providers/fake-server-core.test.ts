// The shared core of the fake servers: scripts in order, enqueued steps, recorded faults and times, and
// closing itself when idle.
import { describe, expect, it } from 'vitest';
import { closeServersAfterEach, json, post, track } from './fake-test-helpers.ts';
import { startFakeOllamaServer, startFakeOpenAIServer } from './index.ts';

closeServersAfterEach();

describe('fake server core', () => {
  it('applies script steps in order, enqueued steps after them, and records faults and times', async () => {
    const server = await track(startFakeOllamaServer({ script: [{ reply: 'first' }, '500'] }));
    server.enqueue({ reply: 'third' });
    const ask = () =>
      post(`${server.url}/api/chat`, {
        model: 'm',
        stream: false,
        messages: [{ role: 'user', content: 'x' }],
      });
    expect((await json(ask())).message.content).toBe('first');
    expect((await ask()).status).toBe(500);
    expect((await json(ask())).message.content).toBe('third');
    expect((await json(ask())).message.content).toBe('Hello from the fake model');
    await server.waitForRequests(4);
    expect(server.modelRequests().map((request) => request.fault?.kind)).toEqual([
      undefined,
      'status',
      undefined,
      undefined,
    ]);
    expect(server.requests[1]!.receivedAt).toBeGreaterThanOrEqual(server.requests[0]!.receivedAt);
  });

  it('closes itself after the idle timeout', async () => {
    const server = await track(startFakeOpenAIServer({ idleTimeoutMs: 50 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });
});
