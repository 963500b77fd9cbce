// The fake Anthropic server speaks the Messages API as Claude Code expects, including the title side request
// and the trigger-word tool calls.
import { describe, expect, it } from 'vitest';
import { closeServersAfterEach, json, post, sseData, track, writeTool } from './fake-test-helpers.ts';
import { startFakeAnthropicServer, TOOL_DONE_TEXT } from './index.ts';

closeServersAfterEach();

describe('fake Anthropic server', () => {
  it('answers HEAD / and streams message_start … message_stop on /v1/messages?beta=true', async () => {
    const server = await track(startFakeAnthropicServer({ reply: 'Hi!' }));
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200);
    const response = await post(`${server.url}/v1/messages?beta=true`, {
      model: 'claude-opus-4-8',
      max_tokens: 64000,
      stream: true,
      messages: [{ role: 'user', content: 'hello' }],
    });
    const events = sseData(await response.text());
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]!.message.usage).toMatchObject({ input_tokens: 110, cache_read_input_tokens: 10 });
    expect(events[7]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 30 } });
  });

  it('answers the title side request (output_config json_schema) with JSON text', async () => {
    const server = await track(startFakeAnthropicServer());
    const response = await post(`${server.url}/v1/messages?beta=true`, {
      model: 'claude-haiku',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'WRITE_FILE hello.txt' }],
      output_config: {
        format: {
          type: 'json_schema',
          schema: { type: 'object', properties: { title: { type: 'string' } } },
        },
      },
    });
    const message = await json(response);
    expect(message.content).toEqual([{ type: 'text', text: '{"title":"fake"}' }]);
  });

  it('answers WRITE_FILE with a Write tool_use, then DONE after the tool_result', async () => {
    const server = await track(startFakeAnthropicServer());
    const tools = [
      {
        name: 'Bash',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      },
      { name: 'Write', input_schema: writeTool('file_path', 'content') },
    ];
    const messages: unknown[] = [{ role: 'user', content: [{ type: 'text', text: 'WRITE_FILE' }] }];
    const first = await json(
      post(`${server.url}/v1/messages`, { model: 'm', max_tokens: 10, tools, messages }),
    );
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'Write',
      input: { file_path: 'hello.txt', content: 'hello from the fake model\n' },
    });
    messages.push(
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: first.content[0].id, content: 'ok' }] },
    );
    const second = await json(
      post(`${server.url}/v1/messages`, { model: 'm', max_tokens: 10, tools, messages }),
    );
    expect(second.content).toEqual([{ type: 'text', text: TOOL_DONE_TEXT }]);

    const bash = await json(
      post(`${server.url}/v1/messages`, {
        model: 'm',
        max_tokens: 10,
        tools,
        messages: [{ role: 'user', content: 'RUN_BASH' }],
      }),
    );
    expect(bash.content[0]).toMatchObject({
      name: 'Bash',
      input: { command: "printf '%s' 'hello from the fake model\n' > 'hello.txt'" },
    });
  });

  it('sends its errors in Anthropic shape with Retry-After', async () => {
    const server = await track(startFakeAnthropicServer({ script: ['429'] }));
    const response = await post(`${server.url}/v1/messages`, { model: 'm', max_tokens: 1, messages: [] });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await json(response)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'fake 429 error' },
    });
  });
});
