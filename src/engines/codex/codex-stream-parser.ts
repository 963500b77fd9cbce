// Reads `codex exec --json`: JSONL events
//   thread.started {thread_id} · turn.started · item.started/item.completed {item} ·
//   turn.completed {usage:{input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens,
//   reasoning_output_tokens}} · turn.failed {error:{message}} · error {message}
// A turn's usage is already the sum over its model requests; several turns (resumed threads) add up.
// OpenAI's input_tokens INCLUDE the cached ones, so input = input_tokens - cached (maestro-cli added
// cached on top and counted them twice). Output tokens include reasoning tokens.
import type {
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
  ProcessFacts,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { classifyAgentFailure } from '../agent-cli/classify-agent-failure.ts';
import { parseJsonLine } from '../agent-cli/parse-json-line.ts';
import { addTokenUsage, count, tokenUsage } from '../agent-cli/token-usage.ts';
import type { EngineError, TokenUsage } from '../engine.ts';

const TOOL_ITEM_NAMES: Readonly<Record<string, string>> = {
  command_execution: 'shell',
  file_change: 'apply_patch',
  mcp_tool_call: 'mcp',
  web_search: 'web_search',
  collab_tool_call: 'collab',
};

export class CodexStreamParser implements AgentStreamParser {
  #sessionId?: string;
  #toolItems = new Set<string>();
  #toolCallCount = 0;
  #lastText = '';
  #usage?: TokenUsage;
  #hasResult = false;
  #failure?: EngineError;
  #lastError?: string;

  push(line: string, sink: AgentStreamSink): void {
    const event = parseJsonLine(line);
    if (!event) return;
    switch (event.type) {
      case 'thread.started':
        if (typeof event.thread_id === 'string') this.#sessionId = event.thread_id;
        break;
      case 'item.started':
      case 'item.completed':
        if (isRecord(event.item)) this.#onItem(event.item, event.type === 'item.completed', sink);
        break;
      case 'turn.completed':
        if (isRecord(event.usage)) this.#usage = addTokenUsage(this.#usage, codexUsage(event.usage));
        this.#hasResult = true;
        sink.done();
        break;
      case 'turn.failed': {
        const error = isRecord(event.error) ? event.error : {};
        const message = typeof error.message === 'string' ? error.message : 'codex turn failed';
        this.#failure = classifyAgentFailure({ message, raw: event.error });
        this.#hasResult = true;
        sink.done();
        break;
      }
      case 'error':
        if (typeof event.message === 'string') this.#lastError = event.message;
        break;
    }
  }

  #onItem(item: Record<string, unknown>, isCompleted: boolean, sink: AgentStreamSink): void {
    const type = typeof item.type === 'string' ? item.type : '';
    if (type === 'agent_message' && isCompleted && typeof item.text === 'string') {
      this.#lastText = item.text;
      sink.text(`${item.text}\n`);
      return;
    }
    const toolName = TOOL_ITEM_NAMES[type];
    if (!toolName) return;
    const id = typeof item.id === 'string' ? item.id : undefined;
    if (id !== undefined && this.#toolItems.has(id)) return;
    if (id !== undefined) this.#toolItems.add(id);
    this.#toolCallCount += 1;
    const name =
      type === 'mcp_tool_call' && typeof item.tool === 'string'
        ? `${String(item.server)}.${item.tool}`
        : toolName;
    sink.toolCall(name);
  }

  finish(facts: ProcessFacts): AgentCliReport {
    const report: AgentCliReport = {
      text: this.#lastText,
      toolCallCount: this.#toolCallCount,
      hasResult: this.#hasResult,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (this.#usage) report.usage = this.#usage;
    if (this.#failure) report.error = this.#failure;
    else if (facts.exitCode !== 0 && this.#lastError)
      report.error = classifyAgentFailure({ message: this.#lastError });
    return report;
  }
}

function codexUsage(usage: Record<string, unknown>): TokenUsage {
  const cached = count(usage.cached_input_tokens);
  const cacheWrite = count(usage.cache_write_input_tokens);
  return tokenUsage({
    input: Math.max(0, count(usage.input_tokens) - cached - cacheWrite),
    cached,
    cacheCreation: cacheWrite,
    output: count(usage.output_tokens),
  });
}
