// Reads `copilot --output-format json`: JSONL events {type, data}. The ones that matter:
//   assistant.message_delta {deltaContent} · assistant.message {content, toolRequests[{name}]} ·
//   tool.execution_complete {success, error} · session.error {errorType, message, statusCode} ·
//   result {sessionId, exitCode, usage:{premiumRequests, ...}}
// Copilot reports no token counts or cost for a custom provider (BYOK).
import type {
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
  ProcessFacts,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { type AgentFailure, classifyAgentFailure } from '../agent-cli/classify-agent-failure.ts';
import { parseJsonLine } from '../agent-cli/parse-json-line.ts';

export class CopilotStreamParser implements AgentStreamParser {
  #sessionId?: string;
  #toolCallCount = 0;
  #lastText = '';
  #hasDeltas = false;
  #failure?: AgentFailure;
  #resultExitCode?: number;
  #hasResult = false;

  push(line: string, sink: AgentStreamSink): void {
    const event = parseJsonLine(line);
    if (!event) return;
    const data = isRecord(event.data) ? event.data : {};
    switch (event.type) {
      case 'assistant.message_delta':
        if (typeof data.deltaContent === 'string') {
          this.#hasDeltas = true;
          sink.text(data.deltaContent);
        }
        break;
      case 'assistant.message': {
        if (typeof data.content === 'string' && data.content.length > 0) {
          this.#lastText = data.content;
          if (!this.#hasDeltas) sink.text(data.content);
        }
        this.#hasDeltas = false;
        const requests = Array.isArray(data.toolRequests) ? data.toolRequests : [];
        for (const request of requests) {
          this.#toolCallCount += 1;
          sink.toolCall(isRecord(request) && typeof request.name === 'string' ? request.name : 'tool');
        }
        break;
      }
      case 'session.error':
        this.#failure = {
          message:
            typeof data.message === 'string' ? data.message : `copilot ${String(data.errorType ?? 'error')}`,
          status: typeof data.statusCode === 'number' ? data.statusCode : undefined,
          raw: data,
        };
        break;
      case 'result': {
        const source = isRecord(event.data) ? data : event;
        if (typeof source.sessionId === 'string') this.#sessionId = source.sessionId;
        if (typeof source.exitCode === 'number') this.#resultExitCode = source.exitCode;
        this.#hasResult = true;
        sink.done();
        break;
      }
    }
  }

  finish(facts: ProcessFacts): AgentCliReport {
    const report: AgentCliReport = {
      text: this.#lastText,
      toolCallCount: this.#toolCallCount,
      hasResult: this.#hasResult,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (this.#failure) report.error = classifyAgentFailure(this.#failure);
    else if (this.#resultExitCode !== undefined && this.#resultExitCode !== 0) {
      report.error = classifyAgentFailure({
        message: `copilot reported exit code ${this.#resultExitCode} (process exit ${facts.exitCode})`,
      });
    }
    return report;
  }
}
