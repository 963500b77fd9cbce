// The seam between the shared fake server core and one wire protocol. A protocol reads a request into a
// neutral conversation and renders a decided answer as frames or a body; the core does the HTTP work,
// scripting, faults and recording, so each protocol module is pure data in, data out.
import type { FakeUsage, RecordedRequest } from './fake-provider-types.ts';

export interface FakeToolInfo {
  name: string;
  /** `custom` is a Responses API freeform tool (codex's apply_patch): its input is raw text. */
  kind: 'function' | 'custom';
  /** The tool's JSON schema for its arguments, when it has one. */
  parameters?: Record<string, unknown>;
}

/** What a protocol reads from a model request. */
export interface FakeConversation {
  model: string;
  /** Text of the last user message (tool results excluded). */
  lastUserText: string;
  /** True when the newest turn carries a tool result, i.e. the client ran a tool we asked for. */
  hasToolResult: boolean;
  tools: FakeToolInfo[];
  /** The JSON schema the client asked the answer to follow, if any (`{}` for "any JSON"). */
  jsonSchema?: Record<string, unknown>;
  stream: boolean;
}

export type FakeAnswer =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; callId: string; tool: FakeToolInfo; arguments: Record<string, unknown> }
  | { type: 'custom-tool-call'; callId: string; tool: FakeToolInfo; input: string };

export interface FakeRenderContext {
  request: RecordedRequest;
  conversation: FakeConversation;
  answer: FakeAnswer;
  /** The answer text split into stream deltas (empty for a tool call). */
  textChunks: string[];
  usage: FakeUsage;
  /** A stable id for this response, e.g. `fake-3`. */
  responseId: string;
}

export type FakeResponse =
  | { type: 'json'; status?: number; headers?: Record<string, string>; body: unknown }
  | {
      type: 'stream';
      contentType: string;
      frames: string[];
      /** How many frames at the end mark completion; a `truncate` fault leaves them out. */
      closingFrames: number;
      /** A frame whose payload is not valid JSON, used by the `malformed` fault. */
      malformedFrame: string;
    }
  | { type: 'empty'; status: number };

export interface FakeProtocol {
  readonly name: string;
  /** `'model'` for a scripted model request, a fixed response for a side route, undefined if not ours. */
  route(request: RecordedRequest): 'model' | FakeResponse | undefined;
  readConversation(request: RecordedRequest): FakeConversation;
  renderAnswer(context: FakeRenderContext): FakeResponse;
  /** The provider's error body for an HTTP error status (`code`: its error code, where it has one). */
  renderError(status: number, message: string, code?: string): unknown;
  /** The API key the request carries in this provider's usual place. */
  readApiKey(request: RecordedRequest): string | undefined;
}

/** `data: <json>\n\n`, or with an `event:` line first when a name is given. */
export function sseFrame(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return event === undefined ? `data: ${payload}\n\n` : `event: ${event}\ndata: ${payload}\n\n`;
}

export function headerValue(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearerToken(request: RecordedRequest): string | undefined {
  const value = headerValue(request, 'authorization');
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
