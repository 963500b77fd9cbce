// Server-sent events from a response body (the text/event-stream format: `event:` and `data:` fields,
// a blank line ends an event, `:` lines are comments). An event whose data is empty (`data:` keep-alives)
// is not passed on, and a byte order mark opening the stream is dropped. Every chunk counts as activity
// for the stall clock.
// When the consumer stops early, leaving the loop ends the body, which closes the connection.
//
// The events of one body chunk come together, as one array: a reply is a dozen small events that mostly
// arrive in one chunk, and each step of an async iteration costs a promise and a microtask turn (one per
// event cost the attempt host ~60 us of CPU per streamed reply here).

export interface SseEvent {
  event?: string;
  data: string;
}

/** Yields the complete events of each body chunk as one (never empty) array, in order. */
export async function* readSseEvents(
  body: AsyncIterable<string>,
  onActivity: () => void,
): AsyncGenerator<SseEvent[]> {
  let buffer = '';
  let eventName: string | undefined;
  let data: string[] = [];
  let isAtStart = true;
  const takeLines = (final: boolean): SseEvent[] => {
    const events: SseEvent[] = [];
    if (final && buffer !== '') buffer += '\n';
    let start = 0;
    let newline = buffer.indexOf('\n', start);
    while (newline >= 0) {
      const end = newline > start && buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      const line = buffer.slice(start, end);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
      if (line === '') {
        const joined = data.length === 1 ? data[0]! : data.join('\n');
        if (joined !== '') events.push({ event: eventName, data: joined });
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
    const rest = final ? data.join('\n') : '';
    if (rest !== '') events.push({ event: eventName, data: rest });
    return events;
  };
  for await (const chunk of body) {
    onActivity();
    buffer += chunk;
    if (isAtStart && buffer !== '') {
      // Else the first field would be named "\uFEFFdata" and the first event lost.
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      isAtStart = false;
    }
    const events = takeLines(false);
    if (events.length > 0) yield events;
  }
  const last = takeLines(true);
  if (last.length > 0) yield last;
}
