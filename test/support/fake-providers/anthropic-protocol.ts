// The Anthropic Messages API as Claude Code and the SDKs speak it: `HEAD /` (a preflight, any status is
// fine), `POST /v1/messages[?beta=true]` streamed as `event:`/`data:` frames from message_start to
// message_stop (or one JSON message), `POST /v1/messages/count_tokens` and `GET /v1/models`.
import {
  asArray,
  asRecord,
  bearerToken,
  type FakeConversation,
  type FakeProtocol,
  type FakeRenderContext,
  type FakeResponse,
  headerValue,
  sseFrame,
} from './fake-protocol.ts';
import type { FakeUsage, RecordedRequest } from './fake-provider-types.ts';

export const anthropicProtocol: FakeProtocol = {
  name: 'anthropic',
  route(request) {
    if (request.method === 'HEAD') return { type: 'empty', status: 200 };
    if (request.method === 'POST' && request.pathname === '/v1/messages') return 'model';
    if (request.method === 'POST' && request.pathname === '/v1/messages/count_tokens') {
      return { type: 'json', body: { input_tokens: Math.ceil(request.rawBody.length / 4) } };
    }
    if (request.method === 'GET' && request.pathname === '/v1/models') {
      const data = [
        {
          type: 'model',
          id: 'claude-fake-1',
          display_name: 'Claude Fake',
          created_at: '2025-01-01T00:00:00Z',
        },
      ];
      return {
        type: 'json',
        body: { data, has_more: false, first_id: 'claude-fake-1', last_id: 'claude-fake-1' },
      };
    }
    return undefined;
  },
  readConversation: readAnthropicConversation,
  renderAnswer,
  renderError: anthropicErrorBody,
  readApiKey: (request) => headerValue(request, 'x-api-key') ?? bearerToken(request),
};

function readAnthropicConversation(request: RecordedRequest): FakeConversation {
  const body = asRecord(request.body);
  const messages = asArray(body.messages).map(asRecord);
  const lastUser = messages.findLast((message) => message.role === 'user');
  const last = messages.at(-1);
  const blocks = (message: Record<string, unknown> | undefined) =>
    typeof message?.content === 'string'
      ? [{ type: 'text', text: message.content }]
      : asArray(message?.content).map(asRecord);
  const format = asRecord(asRecord(body.output_config).format ?? body.output_format);
  return {
    model: String(body.model ?? 'claude-fake-1'),
    lastUserText: blocks(lastUser)
      .filter((block) => block.type === 'text')
      .map((block) => String(block.text))
      .join('\n'),
    hasToolResult: last?.role === 'user' && blocks(last).some((block) => block.type === 'tool_result'),
    tools: asArray(body.tools)
      .map(asRecord)
      .filter((tool) => typeof tool.name === 'string')
      .map((tool) => ({
        name: tool.name as string,
        kind: 'function',
        parameters: asRecord(tool.input_schema),
      })),
    jsonSchema: format.type === 'json_schema' ? asRecord(format.schema) : undefined,
    stream: body.stream === true,
  };
}

function renderAnswer(context: FakeRenderContext): FakeResponse {
  const { answer, conversation, responseId } = context;
  const usage = anthropicUsage(context.usage);
  const stopReason = answer.type === 'text' ? 'end_turn' : 'tool_use';
  const block =
    answer.type === 'text'
      ? { type: 'text', text: answer.text }
      : {
          type: 'tool_use',
          id: `toolu_${answer.callId}`,
          name: answer.tool.name,
          input: answer.type === 'tool-call' ? answer.arguments : { input: answer.input },
        };
  const message = {
    id: `msg_${responseId}`,
    type: 'message',
    role: 'assistant',
    model: conversation.model,
    content: [] as unknown[],
    stop_reason: null as string | null,
    stop_sequence: null,
    usage: { ...usage, output_tokens: 1 },
  };
  if (!conversation.stream) {
    return { type: 'json', body: { ...message, content: [block], stop_reason: stopReason, usage } };
  }
  const frame = (type: string, fields: Record<string, unknown> = {}) => sseFrame({ type, ...fields }, type);
  const frames = [frame('message_start', { message }), frame('ping')];
  if (block.type === 'text') {
    frames.push(frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
    for (const text of context.textChunks) {
      frames.push(frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }));
    }
  } else {
    frames.push(frame('content_block_start', { index: 0, content_block: { ...block, input: {} } }));
    const partial = JSON.stringify(block.input);
    frames.push(
      frame('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: partial } }),
    );
  }
  frames.push(frame('content_block_stop', { index: 0 }));
  const closing = [
    frame('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    }),
    frame('message_stop'),
  ];
  return {
    type: 'stream',
    contentType: 'text/event-stream',
    frames: [...frames, ...closing],
    closingFrames: closing.length,
    malformedFrame: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{\n\n',
  };
}

/** Anthropic's usage: input_tokens exclude the cache reads and cache writes. */
function anthropicUsage(usage: FakeUsage) {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationTokens,
    cache_read_input_tokens: usage.cachedTokens,
    output_tokens: usage.outputTokens,
  };
}

function anthropicErrorBody(status: number, message: string): unknown {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    529: 'overloaded_error',
  };
  return { type: 'error', error: { type: types[status] ?? 'api_error', message } };
}
