// The fake Ollama server speaks the native API (NDJSON chat, tags, version) and its tool calls.
import { describe, expect, it } from 'vitest';
import { closeServersAfterEach, json, post, track, writeTool } from './fake-test-helpers.ts';
import { startFakeOllamaServer, TOOL_DONE_TEXT } from './index.ts';

closeServersAfterEach();

describe('fake Ollama server', () => {
  it('serves /api/tags, /api/version and NDJSON /api/chat with eval counts', async () => {
    const server = await track(startFakeOllamaServer({ reply: 'ok!', streamChunks: 1 }));
    expect((await json(fetch(`${server.url}/api/version`))).version).toBeTypeOf('string');
    expect((await json(fetch(`${server.url}/api/tags`))).models[0].name).toBe('llama3.2:latest');
    const response = await post(`${server.url}/api/chat`, {
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ message: { role: 'assistant', content: 'ok!' }, done: false });
    expect(lines[1]).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 120,
      eval_count: 30,
    });
  });

  it('answers WRITE_FILE with message.tool_calls and a tool message with DONE', async () => {
    const server = await track(startFakeOllamaServer());
    const tools = [
      {
        type: 'function',
        function: { name: 'write_file', parameters: writeTool('path', 'content') },
      },
    ];
    const first = await json(
      post(`${server.url}/api/chat`, {
        model: 'm',
        stream: false,
        tools,
        messages: [{ role: 'user', content: 'WRITE_FILE' }],
      }),
    );
    expect(first.message.tool_calls).toEqual([
      {
        function: {
          name: 'write_file',
          arguments: { path: 'hello.txt', content: 'hello from the fake model\n' },
        },
      },
    ]);
    const messages = [
      { role: 'user', content: 'WRITE_FILE' },
      first.message,
      { role: 'tool', content: 'ok' },
    ];
    const second = await json(post(`${server.url}/api/chat`, { model: 'm', stream: false, tools, messages }));
    expect(second.message.content).toBe(TOOL_DONE_TEXT);
  });
});
