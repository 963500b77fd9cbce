// Server-sent events from a response body (the text/event-stream format: `event:` and `data:` fields,
// a blank line ends an event, `:` lines are comments). Every chunk counts as activity for the stall clock.
// When the consumer stops early, leaving the loop ends the body, which closes the connection.

export interface SseEvent {
  event?: string;
  data: string;
}

export async function* readSseEvents(
  body: AsyncIterable<string>,
  onActivity: () => void,
): AsyncGenerator<SseEvent> {
  let buffer = '';
  let eventName: string | undefined;
  let data: string[] = [];
  const takeLines = function* (final: boolean): Generator<SseEvent> {
    if (final && buffer !== '') buffer += '\n';
    let start = 0;
    let newline = buffer.indexOf('\n', start);
    while (newline >= 0) {
      const end = newline > start && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      const line = buffer.slice(start, end);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
      if (line === '') {
        if (data.length > 0) yield { event: eventName, data: data.join('\n') };
        eventName = undefined;
        data = [];
        continue;
      }
      if (line.charCodeAt(0) === 58) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') eventName = value;
    }
    buffer = buffer.slice(start);
    if (final && data.length > 0) yield { event: eventName, data: data.join('\n') };
  };
  for await (const chunk of body) {
    onActivity();
    buffer += chunk;
    yield* takeLines(false);
  }
  yield* takeLines(true);
}
