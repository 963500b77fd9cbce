// Reads `opencode run --format json`: JSONL {type, sessionID, part} with types step_start, text
// (part.text), tool_use (part.tool, part.state.status), step_finish (part.reason "tool-calls" | "stop",
// part.tokens {input, output, reasoning, cache:{read, write}}, part.cost) and error
// (error:{name, data:{message, statusCode}}). There is no closing event: a run is done when the process
// exits after a step_finish with reason "stop". Every step's tokens and cost add up.
import type {
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
  ProcessFacts,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { type AgentFailure, classifyAgentFailure } from '../agent-cli/classify-agent-failure.ts';
import { parseJsonLine } from '../agent-cli/parse-json-line.ts';
import { addTokenUsage, count, tokenUsage } from '../agent-cli/token-usage.ts';
import type { TokenUsage } from '../engine.ts';

export class OpencodeStreamParser implements AgentStreamParser {
  #sessionId?: string;
  #toolCallCount = 0;
  #lastText = '';
  #usage?: TokenUsage;
  #costUsd?: number;
  #hasResult = false;
  #failure?: AgentFailure;

  push(line: string, sink: AgentStreamSink): void {
    const event = parseJsonLine(line);
    if (!event) return;
    if (typeof event.sessionID === 'string') this.#sessionId = event.sessionID;
    const part = isRecord(event.part) ? event.part : {};
    switch (event.type) {
      case 'text':
        if (typeof part.text === 'string' && part.text.length > 0) {
          this.#lastText = part.text;
          sink.text(`${part.text}\n`);
        }
        break;
      case 'tool_use':
        this.#toolCallCount += 1;
        sink.toolCall(typeof part.tool === 'string' ? part.tool : 'tool');
        break;
      case 'step_finish':
        if (isRecord(part.tokens)) this.#usage = addTokenUsage(this.#usage, opencodeUsage(part.tokens));
        if (typeof part.cost === 'number') this.#costUsd = (this.#costUsd ?? 0) + part.cost;
        if (part.reason === 'stop') {
          this.#hasResult = true;
          sink.done();
        }
        break;
      case 'error': {
        const error = isRecord(event.error) ? event.error : {};
        const data = isRecord(error.data) ? error.data : {};
        this.#failure = {
          message:
            typeof data.message === 'string' ? data.message : `opencode ${String(error.name ?? 'error')}`,
          status: typeof data.statusCode === 'number' ? data.statusCode : undefined,
          raw: error,
        };
        break;
      }
    }
  }

  finish(_facts: ProcessFacts): AgentCliReport {
    const report: AgentCliReport = {
      text: this.#lastText,
      toolCallCount: this.#toolCallCount,
      hasResult: this.#hasResult,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (this.#usage) report.usage = this.#usage;
    // Cost is 0 unless the model config declares prices; a 0 would read as "free", so leave it out.
    if (this.#costUsd !== undefined && this.#costUsd > 0) report.costUsd = this.#costUsd;
    if (this.#failure) report.error = classifyAgentFailure(this.#failure);
    return report;
  }
}

// opencode's `input` already excludes the cache reads and writes it lists separately.
function opencodeUsage(tokens: Record<string, unknown>): TokenUsage {
  const cache = isRecord(tokens.cache) ? tokens.cache : {};
  return tokenUsage({
    input: count(tokens.input),
    cached: count(cache.read),
    cacheCreation: count(cache.write),
    output: count(tokens.output) + count(tokens.reasoning),
  });
}
