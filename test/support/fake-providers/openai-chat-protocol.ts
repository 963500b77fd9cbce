// OpenAI Chat Completions (`POST …/chat/completions`, streamed or not, and `GET …/models`), as qwen,
// opencode, Copilot, vLLM and llama.cpp clients speak it. Streams are `data: <chunk>` lines ending with
// `data: [DONE]`; a usage chunk with `choices: []` comes first when `stream_options.include_usage` is set.
import {
  asArray,
  asRecord,
  bearerToken,
  type FakeConversation,
  type FakeProtocol,
  type FakeRenderContext,
  type FakeResponse,
  sseFrame,
} from './fake-protocol.ts';
import type { FakeUsage, RecordedRequest } from './fake-provider-types.ts';

export const openaiChatProtocol: FakeProtocol = {
  name: 'openai-chat',
  route(request) {
    if (request.method === 'POST' && request.pathname.endsWith('/chat/completions')) return 'model';
    if (request.method === 'GET' && request.pathname.endsWith('/models')) {
      const data = [{ id: 'fake-model', object: 'model', created: 1_700_000_000, owned_by: 'fake' }];
      return { type: 'json', body: { object: 'list', data } };
    }
    return undefined;
  },
  readConversation: readChatConversation,
  renderAnswer,
  renderError: openaiErrorBody,
  readApiKey: bearerToken,
};

export function readChatConversation(request: RecordedRequest): FakeConversation {
  const body = asRecord(request.body);
  const messages = asArray(body.messages).map(asRecord);
  const lastUser = messages.findLast((message) => message.role === 'user');
  const format = asRecord(body.response_format);
  let jsonSchema: Record<string, unknown> | undefined;
  if (format.type === 'json_schema') jsonSchema = asRecord(asRecord(format.json_schema).schema);
  else if (format.type === 'json_object') jsonSchema = {};
  return {
    model: String(body.model ?? 'fake-model'),
    lastUserText: lastUser ? contentText(lastUser.content) : '',
    hasToolResult: messages.at(-1)?.role === 'tool',
    tools: asArray(body.tools).map((tool) => {
      const declaration = asRecord(asRecord(tool).function);
      return {
        name: String(declaration.name),
        kind: 'function',
        parameters: asRecord(declaration.parameters),
      };
    }),
    jsonSchema,
    stream: body.stream === true,
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asRecord(part))
    .filter((part) => typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}

function renderAnswer(context: FakeRenderContext): FakeResponse {
  const { answer, conversation, responseId } = context;
  const created = Math.floor(Date.now() / 1000);
  const base = {
    id: `chatcmpl-${responseId}`,
    object: 'chat.completion.chunk',
    created,
    model: conversation.model,
  };
  const toolCall =
    answer.type === 'text'
      ? undefined
      : {
          id: answer.callId,
          type: 'function',
          function: {
            name: answer.tool.name,
            arguments:
              answer.type === 'tool-call'
                ? JSON.stringify(answer.arguments)
                : JSON.stringify({ input: answer.input }),
          },
        };
  const finishReason = toolCall ? 'tool_calls' : 'stop';
  const usage = chatUsage(context.usage);
  if (!conversation.stream) {
    const message = toolCall
      ? { role: 'assistant', content: null, tool_calls: [toolCall] }
      : { role: 'assistant', content: answer.type === 'text' ? answer.text : '' };
    return {
      type: 'json',
      body: {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
        usage,
      },
    };
  }
  const chunk = (delta: unknown, finish: string | null = null) =>
    sseFrame({ ...base, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  const frames = [chunk({ role: 'assistant', content: '' })];
  if (toolCall) {
    frames.push(
      chunk({
        tool_calls: [{ index: 0, ...toolCall, function: { name: toolCall.function.name, arguments: '' } }],
      }),
    );
    frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: toolCall.function.arguments } }] }));
  } else {
    for (const text of context.textChunks) frames.push(chunk({ content: text }));
  }
  const closing = [chunk({}, finishReason)];
  if (asRecord(asRecord(context.request.body).stream_options).include_usage === true) {
    closing.push(sseFrame({ ...base, choices: [], usage }));
  }
  closing.push('data: [DONE]\n\n');
  return {
    type: 'stream',
    contentType: 'text/event-stream',
    frames: [...frames, ...closing],
    closingFrames: closing.length,
    malformedFrame: 'data: {"id":"broken","choices":[{"delta":{"content":"oops"\n\n',
  };
}

/** OpenAI's usage: prompt_tokens include the cached ones; completion_tokens include reasoning. */
export function chatUsage(usage: FakeUsage) {
  const prompt = usage.inputTokens + usage.cachedTokens + usage.cacheCreationTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.outputTokens,
    total_tokens: prompt + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export function openaiErrorBody(status: number, message: string, errorCode?: string): unknown {
  if (errorCode !== undefined) return { error: { message, type: errorCode, param: null, code: errorCode } };
  const type =
    status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code =
    status === 401
      ? 'invalid_api_key'
      : status === 404
        ? 'model_not_found'
        : status === 429
          ? 'rate_limit_exceeded'
          : null;
  return { error: { message, type, param: null, code } };
}
