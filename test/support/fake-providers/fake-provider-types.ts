// The public types of the fake provider servers: how a test scripts replies and faults, and what it reads
// back about the requests a server received.

/** Token counts a fake reports, in Maestro's meaning; each protocol encodes them its own way. */
export interface FakeUsage {
  /** Prompt tokens that were not read from a cache. @default 110 */
  inputTokens: number;
  /** Prompt tokens read from a cache. @default 10 */
  cachedTokens: number;
  /** Prompt tokens written to a cache (Anthropic only; the others add them to the prompt). @default 0 */
  cacheCreationTokens: number;
  /** Answer tokens, reasoning included. @default 30 */
  outputTokens: number;
  /** Of the output tokens, those spent on reasoning (OpenAI details, Gemini thoughts). @default 0 */
  reasoningTokens: number;
}

/**
 * A scripted failure for one model request.
 * - `status`: an HTTP error in the provider's own error shape (`retryAfter` sets the Retry-After header;
 *   `code` the provider's error code where its shape has one, e.g. OpenAI's `insufficient_quota`).
 * - `stall`: status 200 and the stream headers, then nothing until the client goes away.
 * - `cut`: part of the stream (or body), then the socket is destroyed.
 * - `truncate`: the stream ends cleanly but without its completion event (`[DONE]`, `message_stop`, ...).
 * - `malformed`: a frame (or the whole body) that is not valid JSON.
 */
export type FakeFault =
  | { kind: 'status'; status: number; retryAfter?: string; message?: string; code?: string }
  | { kind: 'stall' }
  | { kind: 'cut'; afterFrames?: number }
  | { kind: 'truncate' }
  | { kind: 'malformed' };

/** Shorthands: `'429'` (Retry-After: 1), `'500'`, `'401'`, `'404'`, or a fault kind without options. */
export type FakeFaultShorthand =
  | '429'
  | '500'
  | '503'
  | '401'
  | '403'
  | '404'
  | 'stall'
  | 'cut'
  | 'truncate'
  | 'malformed';

/** What the n-th model request gets; every field is optional and falls back to the server options. */
export interface FakeStep {
  fault?: FakeFault | FakeFaultShorthand;
  reply?: string;
  latencyMs?: number;
  usage?: Partial<FakeUsage>;
}

export interface FakeProviderOptions {
  /** Reply text for an ordinary prompt, or a function of the request. @default 'Hello from the fake model' */
  reply?: string | ((request: RecordedRequest) => string);
  /**
   * Per model request, in order: `script[0]` shapes the first model request, and so on. Requests past the
   * end get the plain behaviour. Side routes (HEAD /, model lists, countTokens, ...) take no step.
   */
  script?: (FakeStep | FakeFault | FakeFaultShorthand | undefined)[];
  /** Delay before each model reply's headers. @default 0 */
  latencyMs?: number;
  /** Delay between stream frames. @default 0 */
  frameDelayMs?: number;
  /** Number of text deltas a streamed reply is split into. @default 3 */
  streamChunks?: number;
  /** Reported usage (partial values are merged over the defaults). */
  usage?: Partial<FakeUsage>;
  /** The file the WRITE_FILE / RUN_SHELL / APPLY_PATCH scenarios write. @default {path: 'hello.txt', content: 'hello from the fake model\n'} */
  writeFile?: { path: string; content: string };
  /** When set, model requests without this key (in the provider's usual header) get a 401. */
  apiKey?: string;
  /** Port to bind on 127.0.0.1. @default 0 (any free port) */
  port?: number;
  /** The server closes itself after this long without a request. @default 60000 */
  idleTimeoutMs?: number;
  /** The server closes itself after this long in any case. @default 600000 */
  lifetimeMs?: number;
  /** Called with each request as it arrives (before it is answered), e.g. to log it. */
  onRequest?: (request: RecordedRequest) => void;
  /** Keep the Node process alive while the server runs (a standalone fake); tests leave it false. @default false */
  holdProcess?: boolean;
}

export interface RecordedRequest {
  /** 0-based position among all requests this server received. */
  index: number;
  /** 0-based position among model requests (the ones scripts apply to); undefined for side routes. */
  modelIndex?: number;
  method: string;
  /** Path with the query string, e.g. `/v1beta/models/m:streamGenerateContent?alt=sse`. */
  path: string;
  pathname: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** When the request arrived (epoch milliseconds, sub-millisecond precision). */
  receivedAt: number;
  /** The fault applied to this request, if any. */
  fault?: FakeFault;
  /** True when the client closed the connection before the response was complete. */
  clientClosedEarly: boolean;
  /** When the response ended or the connection closed (epoch milliseconds). */
  endedAt?: number;
}

export interface FakeProviderServer {
  /** The base URL a client is configured with (`http://127.0.0.1:PORT/v1` for OpenAI, the origin otherwise). */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Every request in arrival order; entries are updated in place as responses end. */
  requests: RecordedRequest[];
  /** The model requests only. */
  modelRequests(): RecordedRequest[];
  /** Appends steps to the script (they apply to the next model requests not yet scripted). */
  enqueue(...steps: (FakeStep | FakeFault | FakeFaultShorthand)[]): void;
  /** Resolves once `count` requests have arrived. Rejects after `timeoutMs` (default 10000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the client closes request `index` before its response is complete. */
  waitForClientClose(index: number, timeoutMs?: number): Promise<void>;
  /** Closes every connection and the server; safe to call more than once. */
  close(): Promise<void>;
}
