// Ollama's native API: `POST /api/chat` streamed as NDJSON (one JSON object per line, the last with
// `done: true` and the eval counts; Ollama streams unless `stream: false`), `GET /api/tags`,
// `GET /api/version`, `POST /api/show` and `GET /api/ps`.
import {
  asArray,
  asRecord,
  bearerToken,
  type FakeConversation,
  type FakeProtocol,
  type FakeRenderContext,
  type FakeResponse,
} from './fake-protocol.ts';
import type { RecordedRequest } from './fake-provider-types.ts';

const FAKE_MODEL = 'llama3.2:latest';
const DETAILS = { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' };

export const ollamaProtocol: FakeProtocol = {
  name: 'ollama',
  route(request) {
    const { method, pathname } = request;
    if (method === 'POST' && pathname === '/api/chat') return 'model';
    if (method === 'GET' && pathname === '/api/version') return { type: 'json', body: { version: '0.12.0' } };
    if (method === 'GET' && pathname === '/api/tags') {
      const model = {
        name: FAKE_MODEL,
        model: FAKE_MODEL,
        modified_at: '2025-01-01T00:00:00Z',
        size: 2_019_393_189,
        digest: 'fake',
        details: DETAILS,
      };
      return { type: 'json', body: { models: [model] } };
    }
    if (method === 'GET' && pathname === '/api/ps') return { type: 'json', body: { models: [] } };
    if (method === 'POST' && pathname === '/api/show') {
      const body = {
        modelfile: '',
        parameters: '',
        template: '{{ .Prompt }}',
        details: DETAILS,
        model_info: { 'general.architecture': 'llama', 'llama.context_length': 131_072 },
        capabilities: ['completion', 'tools'],
      };
      return { type: 'json', body };
    }
    return undefined;
  },
  readConversation: readOllamaConversation,
  renderAnswer,
  renderError: (_status, message) => ({ error: message }),
  readApiKey: bearerToken,
};

function readOllamaConversation(request: RecordedRequest): FakeConversation {
  const body = asRecord(request.body);
  const messages = asArray(body.messages).map(asRecord);
  const lastUser = messages.findLast((message) => message.role === 'user');
  return {
    model: String(body.model ?? FAKE_MODEL),
    lastUserText: typeof lastUser?.content === 'string' ? lastUser.content : '',
    hasToolResult: messages.at(-1)?.role === 'tool',
    tools: asArray(body.tools).map((tool) => {
      const declaration = asRecord(asRecord(tool).function);
      return {
        name: String(declaration.name),
        kind: 'function',
        parameters: asRecord(declaration.parameters),
      };
    }),
    jsonSchema:
      body.format === 'json' ? {} : typeof body.format === 'object' ? asRecord(body.format) : undefined,
    stream: body.stream !== false,
  };
}

function renderAnswer(context: FakeRenderContext): FakeResponse {
  const { answer, conversation, usage } = context;
  const base = () => ({ model: conversation.model, created_at: new Date().toISOString() });
  const final = {
    done: true,
    done_reason: 'stop',
    total_duration: 1_000_000,
    load_duration: 100_000,
    prompt_eval_count: usage.inputTokens + usage.cachedTokens + usage.cacheCreationTokens,
    prompt_eval_duration: 400_000,
    eval_count: usage.outputTokens,
    eval_duration: 500_000,
  };
  const toolCalls =
    answer.type === 'text'
      ? undefined
      : [
          {
            function: {
              name: answer.tool.name,
              arguments: answer.type === 'tool-call' ? answer.arguments : { input: answer.input },
            },
          },
        ];
  if (!conversation.stream) {
    const message = toolCalls
      ? { role: 'assistant', content: '', tool_calls: toolCalls }
      : { role: 'assistant', content: answer.type === 'text' ? answer.text : '' };
    return { type: 'json', body: { ...base(), message, ...final } };
  }
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  const frames = toolCalls
    ? [line({ ...base(), message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false })]
    : context.textChunks.map((content) =>
        line({ ...base(), message: { role: 'assistant', content }, done: false }),
      );
  frames.push(line({ ...base(), message: { role: 'assistant', content: '' }, ...final }));
  return {
    type: 'stream',
    contentType: 'application/x-ndjson',
    frames,
    closingFrames: 1,
    malformedFrame: '{"model":"broken","message":{"content":\n',
  };
}
