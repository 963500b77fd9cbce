import { describe, expect, it } from 'vitest';
import type { ModelHttpResponse } from '../model-http-response.ts';
import { readGoogleReply } from './read-google-reply.ts';

function streamOf(chunks: object[]): ModelHttpResponse {
  const pieces = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`);
  return {
    status: 200,
    ok: true,
    headers: { get: () => 'text/event-stream' },
    body: (async function* () {
      yield* pieces;
    })(),
    text: async () => pieces.join(''),
  };
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
