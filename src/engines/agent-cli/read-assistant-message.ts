// The Claude-shaped `assistant` event that claude and qwen both emit: `message.content` holds `text` and
// `tool_use` blocks. Tool calls are reported to the sink as they come; the joined text is returned.
import type { AgentStreamSink } from './agent-cli-definition.ts';
import { isRecord } from './agent-cli-settings.ts';

export function readAssistantMessage(
  event: Record<string, unknown>,
  sink: AgentStreamSink,
): { text: string | undefined; toolCalls: number } {
  if (event.type !== 'assistant' || !isRecord(event.message) || !Array.isArray(event.message.content)) {
    return { text: undefined, toolCalls: 0 };
  }
  const texts: string[] = [];
  let toolCalls = 0;
  for (const block of event.message.content) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    if (block.type === 'tool_use') {
      toolCalls += 1;
      sink.toolCall(typeof block.name === 'string' ? block.name : 'tool');
    }
  }
  return { text: texts.length > 0 ? texts.join('') : undefined, toolCalls };
}
