// Reads `claude -p --output-format stream-json --verbose`: one JSON event per line, ending with
//   {type:"result", subtype, is_error, api_error_status, result, session_id, total_cost_usd,
//    usage:{input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens},
//    modelUsage:{<model>:{inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens, costUSD}}}
// Anthropic's input_tokens already exclude cache reads and cache writes, so they map one to one.
// modelUsage covers every model of the session (side requests such as the title too), so it is
// preferred over usage when present.
import type {
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
  ProcessFacts,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { classifyAgentFailure } from '../agent-cli/classify-agent-failure.ts';
import { parseJsonLine } from '../agent-cli/parse-json-line.ts';
import { readAssistantMessage } from '../agent-cli/read-assistant-message.ts';
import { count, tokenUsage } from '../agent-cli/token-usage.ts';
import type { TokenUsage } from '../engine.ts';

export class ClaudeStreamParser implements AgentStreamParser {
  #sessionId?: string;
  #toolCallCount = 0;
  #lastText = '';
  #result?: Record<string, unknown>;

  push(line: string, sink: AgentStreamSink): void {
    const event = parseJsonLine(line);
    if (!event) return;
    if (typeof event.session_id === 'string') this.#sessionId = event.session_id;
    const assistant = readAssistantMessage(event, sink);
    this.#toolCallCount += assistant.toolCalls;
    if (assistant.text !== undefined) {
      this.#lastText = assistant.text;
      sink.text(`${this.#lastText}\n`);
    }
    if (event.type === 'result') {
      this.#result = event;
      const denials = Array.isArray(event.permission_denials) ? event.permission_denials : [];
      if (denials.length > 0) {
        const names = denials.map((denial) => (isRecord(denial) ? String(denial.tool_name) : 'tool'));
        sink.note(
          `claude refused ${denials.length} tool call(s) outside its permissions: ${names.join(', ')}`,
        );
      }
      sink.done();
    }
  }

  finish(facts: ProcessFacts): AgentCliReport {
    const result = this.#result;
    const report: AgentCliReport = {
      text: typeof result?.result === 'string' ? result.result : this.#lastText,
      toolCallCount: this.#toolCallCount,
      hasResult: result !== undefined,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (!result) return report;
    const usage = claudeUsage(result);
    if (usage) report.usage = usage;
    if (typeof result.total_cost_usd === 'number') report.costUsd = result.total_cost_usd;
    if (result.is_error === true) {
      const errors = Array.isArray(result.errors)
        ? result.errors.filter((item) => typeof item === 'string')
        : [];
      const message =
        result.subtype === 'error_max_turns'
          ? `claude reached its turn limit${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`
          : [typeof result.result === 'string' ? result.result : '', ...errors].filter(Boolean).join('; ') ||
            `claude reported an error (${String(result.subtype)}, exit ${facts.exitCode})`;
      report.error = classifyAgentFailure({
        message,
        status: typeof result.api_error_status === 'number' ? result.api_error_status : undefined,
        raw: {
          subtype: result.subtype,
          api_error_status: result.api_error_status,
          terminal_reason: result.terminal_reason,
        },
      });
    }
    return report;
  }
}

function claudeUsage(result: Record<string, unknown>): TokenUsage | undefined {
  if (isRecord(result.modelUsage) && Object.keys(result.modelUsage).length > 0) {
    let input = 0;
    let output = 0;
    let cached = 0;
    let cacheCreation = 0;
    for (const entry of Object.values(result.modelUsage)) {
      if (!isRecord(entry)) continue;
      input += count(entry.inputTokens);
      output += count(entry.outputTokens);
      cached += count(entry.cacheReadInputTokens);
      cacheCreation += count(entry.cacheCreationInputTokens);
    }
    return tokenUsage({ input, output, cached, cacheCreation });
  }
  if (!isRecord(result.usage)) return undefined;
  const usage = result.usage;
  return tokenUsage({
    input: count(usage.input_tokens),
    output: count(usage.output_tokens),
    cached: count(usage.cache_read_input_tokens),
    cacheCreation: count(usage.cache_creation_input_tokens),
  });
}
