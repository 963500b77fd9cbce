// The OpenAI Responses API (`POST …/responses`), as codex and Copilot (wire_api=responses) speak it.
// Streams are `event: <type>` + `data: <json>` frames from response.created to response.completed, and the
// response is closed right after response.completed (codex waits for EOF).
import {
  asArray,
  asRecord,
  bearerToken,
  type FakeConversation,
  type FakeProtocol,
  type FakeRenderContext,
  type FakeResponse,
  type FakeToolInfo,
  sseFrame,
} from './fake-protocol.ts';
import type { FakeUsage, RecordedRequest } from './fake-provider-types.ts';
import { openaiErrorBody } from './openai-chat-protocol.ts';

const TOOL_RESULT_TYPES = new Set(['function_call_output', 'custom_tool_call_output']);

export const openaiResponsesProtocol: FakeProtocol = {
  name: 'openai-responses',
  route: (request) =>
    request.method === 'POST' && request.pathname.endsWith('/responses') ? 'model' : undefined,
  readConversation: readResponsesConversation,
  renderAnswer,
  renderError: openaiErrorBody,
  readApiKey: bearerToken,
};

function readResponsesConversation(request: RecordedRequest): FakeConversation {
  const body = asRecord(request.body);
  const items =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : asArray(body.input).map(asRecord);
  const lastUser = items.findLast((item) => item.role === 'user' && (item.type ?? 'message') === 'message');
  const format = asRecord(asRecord(body.text).format);
  let jsonSchema: Record<string, unknown> | undefined;
  if (format.type === 'json_schema') jsonSchema = asRecord(format.schema);
  else if (format.type === 'json_object') jsonSchema = {};
  const tools: FakeToolInfo[] = asArray(body.tools)
    .map(asRecord)
    .filter((tool) => (tool.type === 'function' || tool.type === 'custom') && typeof tool.name === 'string')
    .map((tool) => ({
      name: tool.name as string,
      kind: tool.type === 'custom' ? 'custom' : 'function',
      parameters: asRecord(tool.parameters),
    }));
  return {
    model: String(body.model ?? 'fake-model'),
    lastUserText: lastUser ? inputText(lastUser.content) : '',
    hasToolResult: TOOL_RESULT_TYPES.has(String(items.at(-1)?.type)),
    tools,
    jsonSchema,
    stream: body.stream === true,
  };
}

function inputText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map(asRecord)
    .filter((part) => typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}

function renderAnswer(context: FakeRenderContext): FakeResponse {
  const { answer, conversation, responseId } = context;
  const base = {
    id: `resp_${responseId}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: conversation.model,
    output: [] as unknown[],
    usage: null as unknown,
    status: 'in_progress',
  };
  const frames: string[] = [];
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>) => {
    frames.push(sseFrame({ type, sequence_number: sequence, ...fields }, type));
    sequence += 1;
  };
  emit('response.created', { response: base });
  emit('response.in_progress', { response: base });

  let item: Record<string, unknown>;
  if (answer.type === 'text') {
    const itemId = `msg_${responseId}`;
    const text = answer.text;
    item = {
      id: itemId,
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    };
    emit('response.output_item.added', {
      output_index: 0,
      item: { ...item, status: 'in_progress', content: [] },
    });
    const where = { item_id: itemId, output_index: 0, content_index: 0 };
    emit('response.content_part.added', {
      ...where,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const delta of context.textChunks) emit('response.output_text.delta', { ...where, delta });
    emit('response.output_text.done', { ...where, text });
    emit('response.content_part.done', { ...where, part: { type: 'output_text', text, annotations: [] } });
  } else if (answer.type === 'tool-call') {
    const argumentsText = JSON.stringify(answer.arguments);
    item = {
      id: `fc_${responseId}`,
      type: 'function_call',
      status: 'completed',
      call_id: answer.callId,
      name: answer.tool.name,
      arguments: argumentsText,
    };
    emit('response.output_item.added', {
      output_index: 0,
      item: { ...item, arguments: '', status: 'in_progress' },
    });
    const where = { item_id: item.id, output_index: 0 };
    emit('response.function_call_arguments.delta', { ...where, delta: argumentsText });
    emit('response.function_call_arguments.done', { ...where, arguments: argumentsText });
  } else {
    item = {
      id: `ctc_${responseId}`,
      type: 'custom_tool_call',
      status: 'completed',
      call_id: answer.callId,
      name: answer.tool.name,
      input: answer.input,
    };
    emit('response.output_item.added', {
      output_index: 0,
      item: { ...item, input: '', status: 'in_progress' },
    });
    const where = { item_id: item.id, output_index: 0 };
    emit('response.custom_tool_call_input.delta', { ...where, delta: answer.input });
    emit('response.custom_tool_call_input.done', { ...where, input: answer.input });
  }
  emit('response.output_item.done', { output_index: 0, item });
  const completed = { ...base, status: 'completed', output: [item], usage: responsesUsage(context.usage) };
  emit('response.completed', { response: completed });
  if (!conversation.stream) return { type: 'json', body: completed };
  return {
    type: 'stream',
    contentType: 'text/event-stream',
    frames,
    closingFrames: 1,
    malformedFrame:
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n',
  };
}

/** The Responses API's usage: input_tokens include the cached ones. */
function responsesUsage(usage: FakeUsage) {
  const input = usage.inputTokens + usage.cachedTokens + usage.cacheCreationTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: input + usage.outputTokens,
  };
}
