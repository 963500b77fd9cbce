import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../test/support/model-response.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import { readOllamaReply } from './read-ollama-reply.ts';

function streamOf(lines: object[]): ModelHttpResponse {
  return modelResponse(
    lines.map((line) => `${JSON.stringify(line)}\n`),
    'application/x-ndjson',
  );
}

describe('readOllamaReply', () => {
  it('reads lines that carry "error": null as no error', async () => {
    const texts: string[] = [];
    const reply = await readOllamaReply(
      streamOf([
        { message: { content: 'Hi' }, done: false, error: null },
        { message: { content: '' }, done: true, prompt_eval_count: 5, eval_count: 2, error: null },
      ]),
      { onText: (text) => texts.push(text), onActivity: () => undefined },
      8192,
    );
    expect(texts).toEqual(['Hi', '']);
    expect(reply).toMatchObject({ finishReason: 'stop', usage: { input_tokens: 5, output_tokens: 2 } });
  });
});
