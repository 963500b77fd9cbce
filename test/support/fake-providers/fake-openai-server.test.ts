// The fake OpenAI server speaks Chat Completions and the Responses API as qwen, opencode, Copilot and codex
// expect, including the trigger-word tool calls.
import { describe, expect, it } from 'vitest';
import {
  closeServersAfterEach,
  json,
  post,
  sseData,
  track,
  type Wire,
  writeTool,
} from './fake-test-helpers.ts';
import { startFakeOpenAIServer, TOOL_DONE_TEXT } from './index.ts';

closeServersAfterEach();

describe('fake OpenAI server: Chat Completions', () => {
  it('streams chunks, a usage chunk when asked and [DONE]', async () => {
    const server = await track(startFakeOpenAIServer({ reply: 'abc def', streamChunks: 2 }));
    const response = await post(`${server.url}/chat/completions`, {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = sseData(await response.text());
    expect(events.slice(1, 3).map((event) => event.choices[0].delta.content)).toEqual(['abc ', 'def']);
    expect(events[3]!.choices[0].finish_reason).toBe('stop');
    expect(events[4]).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 120,
        completion_tokens: 30,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 10 },
      },
    });
    expect(events[5]).toBe('[DONE]');
  });

  it('answers WRITE_FILE with a tool call using the tool schema names, then DONE after the tool result', async () => {
    const server = await track(
      startFakeOpenAIServer({ writeFile: { path: '/abs/hello.txt', content: 'hi\n' } }),
    );
    const tools = [
      {
        type: 'function',
        function: { name: 'create', parameters: writeTool('path', 'file_text') },
      },
    ];
    const messages: unknown[] = [
      { role: 'user', content: [{ type: 'text', text: 'please WRITE_FILE now' }] },
    ];
    const first = await json(post(`${server.url}/chat/completions`, { model: 'm', messages, tools }));
    const toolCall = first.choices[0].message.tool_calls[0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(toolCall.function.name).toBe('create');
    expect(JSON.parse(toolCall.function.arguments)).toEqual({ path: '/abs/hello.txt', file_text: 'hi\n' });
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: toolCall.id, content: 'ok' });
    const streamed = await post(`${server.url}/chat/completions`, {
      model: 'm',
      messages,
      tools,
      stream: true,
    });
    const text = sseData(await streamed.text())
      .filter((event) => event !== '[DONE]')
      .map((event) => event.choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe(TOOL_DONE_TEXT);
  });

  it('streams a tool call as tool_calls deltas', async () => {
    const server = await track(startFakeOpenAIServer());
    const tools = [
      {
        type: 'function',
        function: { name: 'write_file', parameters: writeTool('file_path', 'content') },
      },
    ];
    const response = await post(`${server.url}/chat/completions`, {
      model: 'm',
      stream: true,
      tools,
      messages: [{ role: 'user', content: 'WRITE_FILE' }],
    });
    const events = sseData(await response.text());
    const deltas = events.flatMap((event) =>
      event === '[DONE]' ? [] : (event.choices[0]?.delta.tool_calls ?? []),
    );
    expect(deltas[0]).toMatchObject({
      index: 0,
      id: 'call_0',
      type: 'function',
      function: { name: 'write_file' },
    });
    const argumentsText = deltas.map((delta: Wire) => delta.function.arguments).join('');
    expect(JSON.parse(argumentsText)).toEqual({
      file_path: 'hello.txt',
      content: 'hello from the fake model\n',
    });
  });

  it('lists models and rejects a wrong key with 401 when a key is required', async () => {
    const server = await track(startFakeOpenAIServer({ apiKey: 'sk-right' }));
    expect((await json(fetch(`${server.url}/models`))).data[0].id).toBe('fake-model');
    const wrong = await post(
      `${server.url}/chat/completions`,
      { model: 'm', messages: [] },
      { authorization: 'Bearer sk-wrong' },
    );
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error.code).toBe('invalid_api_key');
  });
});

describe('fake OpenAI server: Responses API', () => {
  const codexTools = [
    {
      type: 'function',
      name: 'exec_command',
      parameters: {
        type: 'object',
        properties: { cmd: { type: 'string' }, workdir: { type: 'string' } },
        required: ['cmd'],
      },
    },
    { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: '...' } },
  ];
  const userInput = (text: string) => ({
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text }],
  });

  it('streams response.created … response.completed and closes the response', async () => {
    const server = await track(startFakeOpenAIServer({ reply: 'hey' }));
    const response = await post(`${server.url}/responses`, {
      model: 'gpt-5.5',
      stream: true,
      input: [userInput('hi')],
    });
    const events = sseData(await response.text());
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.at(-1)!.response).toMatchObject({
      id: 'resp_fake-0',
      usage: {
        input_tokens: 120,
        input_tokens_details: { cached_tokens: 10 },
        output_tokens: 30,
        total_tokens: 150,
      },
    });
  });

  it('answers WRITE_FILE with exec_command {cmd}, APPLY_PATCH with a custom apply_patch call, then DONE', async () => {
    const server = await track(startFakeOpenAIServer());
    const shell = sseData(
      await (
        await post(`${server.url}/responses`, {
          stream: true,
          tools: codexTools,
          input: [userInput('WRITE_FILE')],
        })
      ).text(),
    );
    const shellItem = shell.find((event) => event.type === 'response.output_item.done')!.item;
    expect(shellItem).toMatchObject({ type: 'function_call', name: 'exec_command', call_id: 'call_0' });
    expect(JSON.parse(shellItem.arguments)).toEqual({
      cmd: "printf '%s' 'hello from the fake model\n' > 'hello.txt'",
    });

    const patch = sseData(
      await (
        await post(`${server.url}/responses`, {
          stream: true,
          tools: codexTools,
          input: [userInput('APPLY_PATCH')],
        })
      ).text(),
    );
    const patchItem = patch.find((event) => event.type === 'response.output_item.done')!.item;
    expect(patchItem).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch' });
    expect(patchItem.input).toBe(
      '*** Begin Patch\n*** Add File: hello.txt\n+hello from the fake model\n*** End Patch\n',
    );

    const input = [
      userInput('APPLY_PATCH'),
      patchItem,
      { type: 'custom_tool_call_output', call_id: patchItem.call_id, output: 'Done' },
    ];
    const done = sseData(
      await (await post(`${server.url}/responses`, { stream: true, tools: codexTools, input })).text(),
    );
    expect(done.find((event) => event.type === 'response.output_text.done')!.text).toBe(TOOL_DONE_TEXT);
  });
});
