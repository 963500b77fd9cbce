import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../test/support/model-response.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import { readAnthropicReply } from './read-anthropic-reply.ts';

function streamOf(events: object[]): ModelHttpResponse {
  return modelResponse(events.map((event) => `data: ${JSON.stringify(event)}\n\n`));
}

const sink = { onText: () => undefined, onActivity: () => undefined };

describe('readAnthropicReply', () => {
  it('keeps the message_start counts when message_delta sends null or 0 for them', async () => {
    const start = { input_tokens: 1200, cache_read_input_tokens: 3000, cache_creation_input_tokens: 50 };
    const reply = await readAnthropicReply(
      streamOf([
        { type: 'message_start', message: { usage: { ...start, output_tokens: 1 } } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'hi' } },
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn' },
          usage: {
            input_tokens: null,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: null,
            output_tokens: 42,
          },
        },
        { type: 'message_stop' },
      ]),
      sink,
    );
    expect(reply.usage).toEqual({
      input_tokens: 1200,
      cached_tokens: 3000,
      cache_creation_tokens: 50,
      output_tokens: 42,
      total_tokens: 1200 + 3000 + 50 + 42,
    });
  });

  it('takes the larger counts of message_delta', async () => {
    const reply = await readAnthropicReply(
      streamOf([
        { type: 'message_start', message: { usage: { input_tokens: 10, output_tokens: 1 } } },
        { type: 'message_delta', usage: { input_tokens: 12, cache_read_input_tokens: 5, output_tokens: 7 } },
        { type: 'message_stop' },
      ]),
      sink,
    );
    expect(reply.usage).toMatchObject({ input_tokens: 12, cached_tokens: 5, output_tokens: 7 });
  });
});
