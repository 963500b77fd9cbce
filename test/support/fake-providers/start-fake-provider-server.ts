// The HTTP core every fake provider shares: binds 127.0.0.1, records each request, applies the script
// (reply, latency, usage, faults) to model requests and writes what the protocol rendered. The server never
// keeps a test process alive (unref) and closes itself when idle or old.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_REPLY_TEXT, DEFAULT_WRITE_FILE, decideFakeAnswer } from './decide-fake-answer.ts';
import type { FakeProtocol, FakeResponse } from './fake-protocol.ts';
import type {
  FakeFault,
  FakeFaultShorthand,
  FakeProviderOptions,
  FakeProviderServer,
  FakeStep,
  FakeUsage,
  RecordedRequest,
} from './fake-provider-types.ts';
import { normalizeFakeStep } from './normalize-fake-step.ts';
import { sampleFromSchema } from './sample-from-schema.ts';
import { splitReplyText } from './split-reply-text.ts';

export const DEFAULT_FAKE_USAGE: FakeUsage = {
  inputTokens: 110,
  cachedTokens: 10,
  cacheCreationTokens: 0,
  outputTokens: 30,
  reasoningTokens: 0,
};

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_LIFETIME_MS = 600_000;
const DEFAULT_WAIT_MS = 10_000;

export interface StartFakeProviderServerInput {
  /** Tried in order; the first whose route() answers handles the request. */
  protocols: FakeProtocol[];
  options?: FakeProviderOptions;
  /** Appended to the origin to form `url` (`/v1` for OpenAI). @default '' */
  basePath?: string;
}

export async function startFakeProviderServer(
  input: StartFakeProviderServerInput,
): Promise<FakeProviderServer> {
  const options = input.options ?? {};
  const requests: RecordedRequest[] = [];
  const script: (FakeStep | FakeFault | FakeFaultShorthand | undefined)[] = [...(options.script ?? [])];
  const requestWaiters: { count: number; resolve: () => void }[] = [];
  const closeWaiters = new Map<number, () => void>();
  const cutByServer = new WeakSet<ServerResponse>();
  let modelCount = 0;
  let closing: Promise<void> | undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake server error: ${String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    idleTimer.refresh();
    const record = await recordRequest(request, requests.length);
    requests.push(record);
    options.onRequest?.(record);
    response.on('close', () => {
      record.endedAt = now();
      if (!response.writableFinished && !cutByServer.has(response)) {
        record.clientClosedEarly = true;
        closeWaiters.get(record.index)?.();
      }
    });
    for (const waiter of requestWaiters.filter((entry) => requests.length >= entry.count)) {
      requestWaiters.splice(requestWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }

    let protocol: FakeProtocol | undefined;
    let route: ReturnType<FakeProtocol['route']>;
    for (const candidate of input.protocols) {
      route = candidate.route(record);
      if (route !== undefined) {
        protocol = candidate;
        break;
      }
    }
    if (!protocol || route === undefined) {
      const body = { error: { message: `fake server: no route for ${record.method} ${record.path}` } };
      return send(response, { type: 'json', status: 404, body });
    }
    if (route !== 'model') return send(response, route);

    record.modelIndex = modelCount;
    modelCount += 1;
    const step = normalizeFakeStep(script[record.modelIndex]);
    if (options.apiKey !== undefined && protocol.readApiKey(record) !== options.apiKey) {
      return send(response, {
        type: 'json',
        status: 401,
        body: protocol.renderError(401, 'invalid api key'),
      });
    }
    await wait(step.latencyMs ?? options.latencyMs ?? 0, response);
    if (response.destroyed) return;
    const fault = step.fault;
    if (fault) record.fault = fault;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      const message = fault.message ?? `fake ${fault.status} error`;
      return send(response, {
        type: 'json',
        status: fault.status,
        headers,
        body: protocol.renderError(fault.status, message, fault.code),
      });
    }

    const conversation = protocol.readConversation(record);
    const replyText =
      step.reply ??
      (conversation.jsonSchema !== undefined
        ? JSON.stringify(sampleFromSchema(conversation.jsonSchema))
        : typeof options.reply === 'function'
          ? options.reply(record)
          : (options.reply ?? DEFAULT_REPLY_TEXT));
    const answer = decideFakeAnswer({
      conversation,
      replyText,
      writeFile: options.writeFile ?? DEFAULT_WRITE_FILE,
      callId: `call_${record.index}`,
    });
    const rendered = protocol.renderAnswer({
      request: record,
      conversation,
      answer,
      textChunks: answer.type === 'text' ? splitReplyText(answer.text, options.streamChunks ?? 3) : [],
      usage: { ...DEFAULT_FAKE_USAGE, ...options.usage, ...step.usage },
      responseId: `fake-${record.index}`,
    });
    if (fault?.kind === 'stall') {
      const contentType = rendered.type === 'stream' ? rendered.contentType : 'application/json';
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
      response.flushHeaders();
      return;
    }
    return send(response, rendered, fault);
  }

  async function send(response: ServerResponse, rendered: FakeResponse, fault?: FakeFault): Promise<void> {
    if (rendered.type === 'empty') {
      response.writeHead(rendered.status).end();
      return;
    }
    if (rendered.type === 'json') {
      const text = JSON.stringify(rendered.body);
      const headers = { 'content-type': 'application/json', ...rendered.headers };
      response.writeHead(rendered.status ?? 200, headers);
      const half = text.slice(0, Math.floor(text.length / 2));
      if (fault?.kind === 'cut') return cut(response, half);
      if (fault?.kind === 'malformed' || fault?.kind === 'truncate') {
        response.end(`${half}<<not json`);
        return;
      }
      response.end(text);
      return;
    }
    response.writeHead(200, { 'content-type': rendered.contentType, 'cache-control': 'no-cache' });
    const frames = [...rendered.frames];
    if (fault?.kind === 'truncate') frames.splice(frames.length - rendered.closingFrames);
    if (fault?.kind === 'malformed') frames.splice(Math.floor(frames.length / 2), 1, rendered.malformedFrame);
    const cutAt =
      fault?.kind === 'cut' ? (fault.afterFrames ?? Math.max(1, Math.floor(frames.length / 2))) : -1;
    const frameDelayMs = options.frameDelayMs ?? 0;
    if (frameDelayMs <= 0 && cutAt < 0) {
      response.end(frames.join(''));
      return;
    }
    response.flushHeaders();
    for (let index = 0; index < frames.length; index += 1) {
      if (index === cutAt) return cut(response);
      if (response.destroyed) return;
      response.write(frames[index]);
      if (frameDelayMs > 0) await wait(frameDelayMs, response);
    }
    if (cutAt >= frames.length) return cut(response);
    response.end();
  }

  // A pause that ends early when the client goes away, and never holds a test process open.
  function wait(ms: number, response: ServerResponse): Promise<void> {
    if (ms <= 0 || response.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        response.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (!options.holdProcess) timer.unref();
      response.once('close', done);
    });
  }

  // Ends the connection mid-response without the chunked-encoding terminator: a cut the client can see.
  function cut(response: ServerResponse, lastWords?: string): void {
    cutByServer.add(response);
    if (lastWords) response.write(lastWords);
    setImmediate(() => response.socket?.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(idleTimer);
      clearTimeout(lifetimeTimer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  const idleTimer = setTimeout(close, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  const lifetimeTimer = setTimeout(close, options.lifetimeMs ?? DEFAULT_LIFETIME_MS);
  if (!options.holdProcess) {
    server.unref();
    idleTimer.unref();
    lifetimeTimer.unref();
  }

  return {
    url: `${origin}${input.basePath ?? ''}`,
    origin,
    port,
    requests,
    modelRequests: () => requests.filter((request) => request.modelIndex !== undefined),
    enqueue: (...steps) => {
      while (script.length < modelCount) script.push(undefined);
      script.push(...steps);
    },
    waitForRequests: (count, timeoutMs = DEFAULT_WAIT_MS) =>
      withTimeout(`${count} requests`, timeoutMs, (resolve) => {
        if (requests.length >= count) resolve();
        else requestWaiters.push({ count, resolve });
      }),
    waitForClientClose: (index, timeoutMs = DEFAULT_WAIT_MS) =>
      withTimeout(`the client to close request ${index}`, timeoutMs, (resolve) => {
        if (requests[index]?.clientClosedEarly) resolve();
        else closeWaiters.set(index, resolve);
      }),
    close,
  };
}

async function recordRequest(request: IncomingMessage, index: number): Promise<RecordedRequest> {
  const receivedAt = now();
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
  }
  return {
    index,
    method: request.method ?? 'GET',
    path: `${url.pathname}${url.search}`,
    pathname: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...request.headers },
    rawBody,
    body,
    receivedAt,
    clientClosedEarly: false,
  };
}

function withTimeout(what: string, timeoutMs: number, start: (resolve: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`fake server: timed out waiting for ${what}`)),
      timeoutMs,
    );
    start(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function now(): number {
  return performance.timeOrigin + performance.now();
}
