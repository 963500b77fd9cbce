import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../test/support/model-response.ts';
import { readOpenAIChatReply } from './read-openai-chat-reply.ts';

function recordingSink() {
  const texts: string[] = [];
  return { texts, sink: { onText: (text: string) => texts.push(text), onActivity: () => undefined } };
}

describe('readOpenAIChatReply', () => {
  it('reads chunks that carry "error": null (Foundry Local) as no error', async () => {
    const { texts, sink } = recordingSink();
    const reply = await readOpenAIChatReply(
      modelResponse(
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
      modelResponse([JSON.stringify(completion)], 'application/json'),
      sink,
    );
    expect(texts).toEqual(['Hi']);
    expect(reply.finishReason).toBe('stop');
  });

  it('still fails on a chunk with an error object', async () => {
    const { sink } = recordingSink();
    const reading = readOpenAIChatReply(
      modelResponse(['data: {"error":{"type":"server_error","message":"boom"}}\n\n'], 'text/event-stream'),
      sink,
    );
    await expect(reading).rejects.toMatchObject({ error: { kind: 'crashed' } });
    await expect(reading).rejects.toThrow('boom');
  });
});
