import { describe, expect, it } from 'vitest';
import { readSseEvents, type SseEvent } from './read-sse-events.ts';

async function* chunksOf(pieces: string[]): AsyncGenerator<string> {
  for (const piece of pieces) yield piece;
}

async function collect(
  pieces: string[],
): Promise<{ events: SseEvent[]; batches: number[]; activity: number }> {
  const events: SseEvent[] = [];
  const batches: number[] = [];
  let activity = 0;
  for await (const batch of readSseEvents(chunksOf(pieces), () => {
    activity += 1;
  })) {
    batches.push(batch.length);
    events.push(...batch);
  }
  return { events, batches, activity };
}

describe('readSseEvents', () => {
  it('reads named and unnamed events split anywhere, with CRLF and comments', async () => {
    const { events, activity } = await collect([
      ': keep-alive\n\nevent: message_start\nda',
      'ta: {"a":1}\n\n',
      'data: {"b":',
      '2}\r',
      '\n\r\ndata: [DONE]\n\n',
    ]);
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { event: undefined, data: '{"b":2}' },
      { event: undefined, data: '[DONE]' },
    ]);
    expect(activity).toBe(5);
  });

  it('yields the events completed by one chunk together, and no empty batch', async () => {
    const { events, batches } = await collect([
      'data: a\n\ndata: b\n\ndata: c\n\nda',
      'ta: d',
      '\n\n: comment only\n',
      'data: tail',
    ]);
    expect(events.map((event) => event.data)).toEqual(['a', 'b', 'c', 'd', 'tail']);
    expect(batches).toEqual([3, 1, 1]);
  });

  it('joins multi-line data and keeps a last event without a blank line', async () => {
    const { events } = await collect(['data: line one\ndata: line two\n\ndata:tail']);
    expect(events).toEqual([
      { event: undefined, data: 'line one\nline two' },
      { event: undefined, data: 'tail' },
    ]);
  });

  it('passes on no event whose data is empty (data: keep-alives)', async () => {
    const { events, batches } = await collect([
      'data:\n\n',
      'data: \r\n\r\nevent: ping\ndata:\n\ndata: {"a":1}\n\n',
      'data:',
    ]);
    expect(events).toEqual([{ event: undefined, data: '{"a":1}' }]);
    expect(batches).toEqual([1]);
  });

  it('drops one byte order mark opening the stream, even after an empty chunk', async () => {
    expect((await collect(['\uFEFFdata: {"a":1}\n\n'])).events).toEqual([
      { event: undefined, data: '{"a":1}' },
    ]);
    expect((await collect(['', '\uFEFF', 'data: a\n\n'])).events).toEqual([{ event: undefined, data: 'a' }]);
    // Only at the very start: later, U+FEFF is part of the text.
    expect((await collect(['data: a\n\n', '\uFEFFdata: b\n\ndata: \uFEFFc\n\n'])).events).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: '\uFEFFc' },
    ]);
  });

  it('ends the body when the reader stops early', async () => {
    let isEnded = false;
    async function* endless(): AsyncGenerator<string> {
      try {
        while (true) yield 'data: x\n\n';
      } finally {
        isEnded = true;
      }
    }
    for await (const batch of readSseEvents(endless(), () => undefined)) {
      expect(batch).toEqual([{ event: undefined, data: 'x' }]);
      break;
    }
    expect(isEnded).toBe(true);
  });
});
