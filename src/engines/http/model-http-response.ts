// A response as the HTTP engines read it: status, headers and the body as text chunks. Stopping the body
// early (leaving a `for await`) destroys the connection.
export interface HeaderReader {
  get(name: string): string | null;
}

export interface ModelHttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: HeaderReader;
  /** The body as UTF-8 text chunks, in order; iterate it once. */
  readonly body: AsyncIterable<string>;
  /** The whole body as text. */
  text(): Promise<string>;
}
