// The Gemini API (v1beta) as Gemini CLI and @google/genai speak it: `models/{m}:streamGenerateContent?alt=sse`
// (`data: <GenerateContentResponse>` frames, no event names, no [DONE]; without alt=sse a JSON array),
// `:generateContent`, `:countTokens` and `GET /v1beta/models`.
import {
  asArray,
  asRecord,
  bearerToken,
  type FakeConversation,
  type FakeProtocol,
  type FakeRenderContext,
  type FakeResponse,
  headerValue,
} from './fake-protocol.ts';
import type { FakeUsage, RecordedRequest } from './fake-provider-types.ts';

const MODEL_PATH = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(\w+)$/;

export const geminiProtocol: FakeProtocol = {
  name: 'gemini',
  route(request) {
    const match = MODEL_PATH.exec(request.pathname);
    if (request.method === 'POST' && match) {
      if (match[2] === 'streamGenerateContent' || match[2] === 'generateContent') return 'model';
      if (match[2] === 'countTokens')
        return { type: 'json', body: { totalTokens: Math.ceil(request.rawBody.length / 4) } };
    }
    if (request.method === 'GET' && /^\/v1(?:beta|alpha)?\/models$/.test(request.pathname)) {
      const model = {
        name: 'models/gemini-fake',
        displayName: 'Gemini Fake',
        supportedGenerationMethods: ['generateContent'],
      };
      return { type: 'json', body: { models: [model] } };
    }
    return undefined;
  },
  readConversation: readGeminiConversation,
  renderAnswer,
  renderError: geminiErrorBody,
  readApiKey: (request) =>
    headerValue(request, 'x-goog-api-key') ?? request.query.key ?? bearerToken(request),
};

function readGeminiConversation(request: RecordedRequest): FakeConversation {
  const body = asRecord(request.body);
  const match = MODEL_PATH.exec(request.pathname);
  const contents = asArray(body.contents).map(asRecord);
  const parts = (content: Record<string, unknown> | undefined) => asArray(content?.parts).map(asRecord);
  const lastUser = contents.findLast(
    (content) => content.role !== 'model' && parts(content).some((part) => typeof part.text === 'string'),
  );
  const config = asRecord(body.generationConfig);
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return {
    model: match?.[1] ?? 'gemini-fake',
    lastUserText: parts(lastUser)
      .filter((part) => typeof part.text === 'string')
      .map((part) => part.text as string)
      .join('\n'),
    hasToolResult: parts(contents.at(-1)).some((part) => part.functionResponse !== undefined),
    tools: asArray(body.tools).flatMap((tool) =>
      asArray(asRecord(tool).functionDeclarations)
        .map(asRecord)
        .map((declaration) => ({
          name: String(declaration.name),
          kind: 'function' as const,
          parameters: asRecord(declaration.parametersJsonSchema ?? declaration.parameters),
        })),
    ),
    jsonSchema:
      schema !== undefined
        ? asRecord(schema)
        : config.responseMimeType === 'application/json'
          ? {}
          : undefined,
    stream: match?.[2] === 'streamGenerateContent',
  };
}

function renderAnswer(context: FakeRenderContext): FakeResponse {
  const { answer, conversation, responseId } = context;
  const chunk = (parts: unknown[], last: boolean) => ({
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
    ...(last ? { usageMetadata: geminiUsage(context.usage) } : {}),
    modelVersion: conversation.model,
    responseId,
  });
  let chunks: unknown[];
  if (answer.type === 'text') {
    const texts = context.textChunks.length > 0 ? context.textChunks : [''];
    chunks = texts.map((text, index) => chunk([{ text }], index === texts.length - 1));
  } else {
    const args = answer.type === 'tool-call' ? answer.arguments : { input: answer.input };
    chunks = [chunk([{ functionCall: { name: answer.tool.name, args } }], true)];
  }
  if (!conversation.stream) {
    const text = answer.type === 'text' ? answer.text : undefined;
    const last = chunks.at(-1) as { candidates: { content: { parts: unknown[] } }[] };
    if (text !== undefined) last.candidates[0]!.content.parts = [{ text }];
    return { type: 'json', body: last };
  }
  if (context.request.query.alt !== 'sse') return { type: 'json', body: chunks };
  return {
    type: 'stream',
    contentType: 'text/event-stream',
    frames: chunks.map((entry) => `data: ${JSON.stringify(entry)}\r\n\r\n`),
    closingFrames: 1,
    malformedFrame: 'data: {"candidates":[{"content":\r\n\r\n',
  };
}

/** Gemini's usage: promptTokenCount includes cachedContentTokenCount; thoughts are separate from candidates. */
function geminiUsage(usage: FakeUsage) {
  const prompt = usage.inputTokens + usage.cachedTokens + usage.cacheCreationTokens;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: usage.outputTokens - usage.reasoningTokens,
    totalTokenCount: prompt + usage.outputTokens,
    ...(usage.cachedTokens > 0 ? { cachedContentTokenCount: usage.cachedTokens } : {}),
    ...(usage.reasoningTokens > 0 ? { thoughtsTokenCount: usage.reasoningTokens } : {}),
  };
}

function geminiErrorBody(status: number, message: string): unknown {
  const statuses: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return { error: { code: status, message, status: statuses[status] ?? 'UNKNOWN' } };
}
