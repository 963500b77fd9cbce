// A ModelHttpResponse made of ready text pieces, for the reply readers' unit tests: the body yields the
// pieces one by one, as a socket delivers chunks.
import type { ModelHttpResponse } from '../../src/engines/http/model-http-response.ts';

export function modelResponse(pieces: string[], contentType = 'text/event-stream'): ModelHttpResponse {
  return {
    status: 200,
    ok: true,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? contentType : null) },
    body: (async function* () {
      yield* pieces;
    })(),
    text: async () => pieces.join(''),
  };
}
