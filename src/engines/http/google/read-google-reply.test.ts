import { describe, expect, it } from 'vitest';
import { modelResponse } from '../../../../test/support/model-response.ts';
import type { ModelHttpResponse } from '../model-http-response.ts';
import { readGoogleReply } from './read-google-reply.ts';

function streamOf(chunks: object[]): ModelHttpResponse {
  return modelResponse(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`));
}

describe('readGoogleReply', () => {
  it('reads chunks that carry "error": null as no error', async () => {
    const texts: string[] = [];
    const reply = await readGoogleReply(
      streamOf([
        { candidates: [{ content: { parts: [{ text: 'Hi' }] } }], error: null },
        { candidates: [{ content: { parts: [] }, finishReason: 'STOP' }], error: null },
      ]),
      { onText: (text) => texts.push(text), onActivity: () => undefined },
    );
    expect(texts).toEqual(['Hi']);
    expect(reply.finishReason).toBe('STOP');
  });
});
