// Reads `qwen -o stream-json`: Claude-shaped JSONL (`system/init {session_id}`, `assistant
// {message.content[text|tool_use]}`, `user {tool_result}`, then `result {subtype, is_error, result,
// usage:{input_tokens, output_tokens, cache_read_input_tokens, total_tokens}}`). Qwen's input_tokens
// are the OpenAI prompt count, cached tokens included. An API error is NOT flagged: it arrives as
// assistant text `[API Error: 400 ...]` with `is_error: false` and exit 0, so the final text is checked
// for that prefix. Only the final text: an earlier message (or a quote in the answer) is not a failure.
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

const API_ERROR = /^\s*(\[API Error[:\s][^\]\n]*\]?)/;

export class QwenStreamParser implements AgentStreamParser {
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
      sink.done();
    }
  }

  finish(facts: ProcessFacts): AgentCliReport {
    const result = this.#result;
    const text = typeof result?.result === 'string' ? result.result : this.#lastText;
    const report: AgentCliReport = {
      text,
      toolCallCount: this.#toolCallCount,
      hasResult: result !== undefined,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (isRecord(result?.usage)) {
      const usage = result.usage;
      const cached = count(usage.cache_read_input_tokens);
      report.usage = tokenUsage({
        input: Math.max(0, count(usage.input_tokens) - cached),
        cached,
        output: count(usage.output_tokens),
      });
    }
    const apiError = API_ERROR.exec(text)?.[1];
    if (result?.is_error === true) {
      report.error = classifyAgentFailure({
        message: text || `qwen reported an error (${String(result.subtype)}, exit ${facts.exitCode})`,
        raw: { subtype: result.subtype },
      });
    } else if (apiError) {
      report.error = classifyAgentFailure({ message: apiError, raw: { text } });
    }
    return report;
  }
}
