import { describe, expect, it } from 'vitest';
import type { ModelHttpResponse } from '../model-http-response.ts';
import { readOpenAIChatReply } from './read-openai-chat-reply.ts';

function responseOf(pieces: string[], contentType: string): ModelHttpResponse {
  return {
    status: 200,
    ok: true,
    headers: { get: (name) => (name === 'content-type' ? contentType : null) },
    body: (async function* () {
      yield* pieces;
    })(),
    text: async () => pieces.join(''),
  };
}

function recordingSink() {
  const texts: string[] = [];
  return { texts, sink: { onText: (text: string) => texts.push(text), onActivity: () => undefined } };
}

describe('readOpenAIChatReply', () => {
  it('reads chunks that carry "error": null (Foundry Local) as no error', async () => {
    const { texts, sink } = recordingSink();
    const reply = await readOpenAIChatReply(
      responseOf(
        [
          'data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null,"error":null}\n\n',
          'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null,"error":null}\n\n',
          'data: [DONE]\n\n',
        ],
        'text/event-stream',
      ),
      sink,
    );
    expect(texts).toEqual(['Hi']);
    expect(reply.finishReason).toBe('stop');
  });

  it('reads a whole completion with "error": null as no error', async () => {
    const { texts, sink } = recordingSink();
    const completion = { choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }], error: null };
    const reply = await readOpenAIChatReply(
      responseOf([JSON.stringify(completion)], 'application/json'),
      sink,
    );
    expect(texts).toEqual(['Hi']);
    expect(reply.finishReason).toBe('stop');
  });

  it('still fails on a chunk with an error object', async () => {
    const { sink } = recordingSink();
    const reading = readOpenAIChatReply(
      responseOf(['data: {"error":{"type":"server_error","message":"boom"}}\n\n'], 'text/event-stream'),
      sink,
    );
    await expect(reading).rejects.toMatchObject({ error: { kind: 'crashed' } });
    await expect(reading).rejects.toThrow('boom');
  });
});
