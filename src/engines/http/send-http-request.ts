// The HTTP engines' transport: node:http/https on keep-alive agents. It costs a quarter of the CPU of the
// built-in fetch per request on Node 20 (measured by bench/openai-engine.mjs), which is the difference
// between a thin and a heavy engine layer at high parallelism. An abort (through `onAbort`) destroys the
// socket; a compressed body is decompressed; a request that fails on a reused keep-alive socket before any
// answer (the server closed it while idle) is sent once more, as Node's documentation advises, but only
// when the reset comes at once: a server that took the request and died over it may have done the work
// (and charged for it), so that failure is reported, not hidden behind a second request.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { HeaderReader, ModelHttpResponse } from './model-http-response.ts';

// Idle sockets are dropped after 4 s, before common servers' own keep-alive limits (Node's 5 s).
// A reset this soon after the request went out is the idle-close race, not a server failing at work.
const STALE_SOCKET_WINDOW_MS = 250;
const AGENT_OPTIONS = { keepAlive: true, timeout: 4000, scheduling: 'lifo' as const };
const httpAgent = new http.Agent(AGENT_OPTIONS);
const httpsAgent = new https.Agent(AGENT_OPTIONS);

export interface SendHttpRequestInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Registers what to do when the call ends early; returns the unsubscribe. */
  onAbort: (listener: () => void) => () => void;
}

export async function sendHttpRequest(input: SendHttpRequestInput): Promise<ModelHttpResponse> {
  try {
    return await sendOnce(input);
  } catch (error) {
    if (!(error as { isStaleSocket?: boolean }).isStaleSocket) throw error;
    return sendOnce(input);
  }
}

function sendOnce({ url, headers, body, onAbort }: SendHttpRequestInput): Promise<ModelHttpResponse> {
  const target = requestTarget(url);
  return new Promise((resolve, reject) => {
    let isAborted = false;
    let sentAt = Number.POSITIVE_INFINITY;
    const request = target.transport.request(
      {
        ...target.options,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response) => resolve(toModelResponse(response)),
    );
    // Destroying the request destroys its socket, before or after the answer has started.
    onAbort(() => {
      isAborted = true;
      request.destroy(new Error('aborted'));
    });
    request.once('error', (error: Error & { isStaleSocket?: boolean }) => {
      const code = (error as { code?: string }).code;
      const isAtOnce = performance.now() - sentAt < STALE_SOCKET_WINDOW_MS;
      if (!isAborted && request.reusedSocket && code === 'ECONNRESET' && isAtOnce) error.isStaleSocket = true;
      reject(error);
    });
    request.end(body, () => {
      sentAt = performance.now();
    });
  });
}

interface RequestTarget {
  transport: typeof http | typeof https;
  options: http.RequestOptions;
}

// Every call of a run posts to the same few URLs, so their parsed request options are remembered.
const targets = new Map<string, RequestTarget>();
const MAX_TARGETS = 64;

function requestTarget(url: string): RequestTarget {
  let target = targets.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    const isHttps = parsed.protocol === 'https:';
    const options: http.RequestOptions = {
      protocol: parsed.protocol,
      hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
      path: `${parsed.pathname}${parsed.search}`,
      agent: isHttps ? httpsAgent : httpAgent,
    };
    if (parsed.port) options.port = Number(parsed.port);
    if (parsed.username) {
      options.auth = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    }
    target = { transport: isHttps ? https : http, options };
    if (targets.size >= MAX_TARGETS) targets.clear();
    targets.set(url, target);
  }
  return target;
}

function toModelResponse(response: IncomingMessage): ModelHttpResponse {
  const status = response.statusCode ?? 0;
  const stream = decoded(response);
  stream.setEncoding('utf8');
  const headers: HeaderReader = {
    get(name) {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    headers,
    body: stream as AsyncIterable<string>,
    async text() {
      let text = '';
      for await (const chunk of stream as AsyncIterable<string>) text += chunk;
      return text;
    },
  };
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  const decompressor =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'br'
        ? createBrotliDecompress()
        : encoding === 'deflate'
          ? createInflate()
          : undefined;
  if (!decompressor) return response;
  response.on('error', (error) => decompressor.destroy(error));
  decompressor.on('close', () => response.destroy());
  return response.pipe(decompressor);
}
