// The fake Gemini server speaks the Gemini API as Gemini CLI expects, including its router side request and
// the trigger-word tool calls.
import { describe, expect, it } from 'vitest';
import { closeServersAfterEach, json, post, sseData, track, writeTool } from './fake-test-helpers.ts';
import { type FakeProviderServer, startFakeGeminiServer, TOOL_DONE_TEXT } from './index.ts';

closeServersAfterEach();

describe('fake Gemini server', () => {
  const model = (server: FakeProviderServer, method: string) =>
    `${server.url}/v1beta/models/gemini-2.5-pro:${method}`;

  it('streams GenerateContentResponse chunks over alt=sse, without [DONE]', async () => {
    const server = await track(
      startFakeGeminiServer({ reply: 'one two', streamChunks: 2, usage: { reasoningTokens: 5 } }),
    );
    const response = await post(`${model(server, 'streamGenerateContent')}?alt=sse`, {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    });
    const text = await response.text();
    expect(text).toContain('\r\n\r\n');
    const chunks = sseData(text);
    expect(chunks.map((chunk) => chunk.candidates[0].content.parts[0].text)).toEqual(['one ', 'two']);
    expect(chunks[1]!.candidates[0].finishReason).toBe('STOP');
    expect(chunks[1]!.usageMetadata).toEqual({
      promptTokenCount: 120,
      candidatesTokenCount: 25,
      thoughtsTokenCount: 5,
      cachedContentTokenCount: 10,
      totalTokenCount: 150,
    });
  });

  it('answers WRITE_FILE with a write_file functionCall, then DONE after the functionResponse', async () => {
    const server = await track(startFakeGeminiServer());
    const tools = [
      {
        functionDeclarations: [
          { name: 'write_file', parametersJsonSchema: writeTool('file_path', 'content') },
        ],
      },
    ];
    const contents: unknown[] = [
      { role: 'user', parts: [{ text: '<session_context>…</session_context>' }, { text: 'WRITE_FILE' }] },
    ];
    const first = await json(post(model(server, 'generateContent'), { contents, tools }));
    const call = first.candidates[0].content.parts[0].functionCall;
    expect(call).toEqual({
      name: 'write_file',
      args: { file_path: 'hello.txt', content: 'hello from the fake model\n' },
    });
    contents.push(first.candidates[0].content, {
      role: 'user',
      parts: [{ functionResponse: { name: 'write_file', response: { output: 'ok' } } }],
    });
    const second = await json(post(model(server, 'generateContent'), { contents, tools }));
    expect(second.candidates[0].content.parts[0].text).toBe(TOOL_DONE_TEXT);
  });

  it('answers a responseJsonSchema request (the CLI router) with fitting JSON, and countTokens', async () => {
    const server = await track(startFakeGeminiServer());
    const schema = {
      type: 'object',
      properties: {
        complexity_reasoning: { type: 'string' },
        complexity_score: { type: 'integer', minimum: 1 },
      },
    };
    const answer = await json(
      post(model(server, 'generateContent'), {
        contents: [{ role: 'user', parts: [{ text: 'route' }] }],
        generationConfig: { responseJsonSchema: schema },
      }),
    );
    expect(JSON.parse(answer.candidates[0].content.parts[0].text)).toEqual({
      complexity_reasoning: 'fake',
      complexity_score: 1,
    });
    const count = await json(post(model(server, 'countTokens'), { contents: [] }));
    expect(count.totalTokens).toBeGreaterThan(0);
    expect(server.modelRequests()).toHaveLength(1);
  });
});
