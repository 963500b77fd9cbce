// Reads gemini's output in either structured format:
// - `-o stream-json` (what the engine asks for): JSONL `init {session_id}`, `message {role, content,
//   delta}`, `tool_use {tool_name}`, `tool_result`, `error`, then `result {status, error?, stats}` with
//   stats {total_tokens, input_tokens (= prompt), output_tokens (= candidates), cached, input
//   (= prompt - cached), models}.
// - `-o json`: one pretty-printed object {session_id, response, stats:{models:{<m>:{tokens:{input,
//   prompt, candidates, total, cached, thoughts, tool}}}}} (maestro-cli never parsed this shape), with
//   errors as {error:{type, message, code}} on stderr.
// Gemini's prompt count includes cached tokens; Maestro's input does not.
import type {
  AgentCliReport,
  AgentStreamParser,
  AgentStreamSink,
  ProcessFacts,
} from '../agent-cli/agent-cli-definition.ts';
import { isRecord } from '../agent-cli/agent-cli-settings.ts';
import { classifyAgentFailure } from '../agent-cli/classify-agent-failure.ts';
import { parseJsonLine } from '../agent-cli/parse-json-line.ts';
import { count, tokenUsage } from '../agent-cli/token-usage.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError, TokenUsage } from '../engine.ts';

export class GeminiStreamParser implements AgentStreamParser {
  #sessionId?: string;
  #toolCallCount = 0;
  #allText = '';
  // Assistant text since the last tool call: the final answer.
  #answer = '';
  #result?: Record<string, unknown>;
  #sawEvents = false;
  #otherLines: string[] = [];

  push(line: string, sink: AgentStreamSink): void {
    const event = parseJsonLine(line);
    if (!event || typeof event.type !== 'string') {
      this.#otherLines.push(line);
      return;
    }
    this.#sawEvents = true;
    if (typeof event.session_id === 'string') this.#sessionId = event.session_id;
    switch (event.type) {
      case 'message':
        if (event.role === 'assistant' && typeof event.content === 'string') {
          this.#answer += event.content;
          this.#allText += event.content;
          sink.text(event.content);
        }
        break;
      case 'tool_use':
        this.#toolCallCount += 1;
        this.#answer = '';
        sink.toolCall(typeof event.tool_name === 'string' ? event.tool_name : 'tool');
        break;
      case 'result':
        this.#result = event;
        sink.done();
        break;
    }
  }

  finish(facts: ProcessFacts): AgentCliReport {
    if (!this.#sawEvents) return this.#finishJson(facts);
    const result = this.#result;
    const report: AgentCliReport = {
      text: this.#answer || this.#allText,
      toolCallCount: this.#toolCallCount,
      hasResult: result !== undefined,
    };
    if (this.#sessionId) report.sessionId = this.#sessionId;
    if (isRecord(result?.stats)) {
      const usage = streamStatsUsage(result.stats);
      if (usage) report.usage = usage;
    }
    if (result && result.status !== 'success') {
      report.error = geminiError(isRecord(result.error) ? result.error : {}, facts.exitCode);
    } else if (!result) {
      const stderrError = findErrorObject(facts.stderr);
      if (stderrError) report.error = geminiError(stderrError, facts.exitCode);
    }
    return report;
  }

  // `-o json`: the whole stdout is one object; on failure stdout is empty and stderr has the error.
  #finishJson(facts: ProcessFacts): AgentCliReport {
    const output = parseJsonLine(this.#otherLines.join('\n'));
    const report: AgentCliReport = { text: '', toolCallCount: 0, hasResult: output !== undefined };
    if (!output) {
      const stderrError = findErrorObject(facts.stderr);
      if (stderrError) report.error = geminiError(stderrError, facts.exitCode);
      return report;
    }
    if (typeof output.response === 'string') report.text = output.response;
    if (typeof output.session_id === 'string') report.sessionId = output.session_id;
    const stats = isRecord(output.stats) ? output.stats : {};
    const usage = jsonStatsUsage(stats);
    if (usage) report.usage = usage;
    if (isRecord(stats.tools)) report.toolCallCount = count(stats.tools.totalCalls);
    if (isRecord(output.error)) report.error = geminiError(output.error, facts.exitCode);
    return report;
  }
}

// stream-json stats drop the thought count; it is what the total has beyond prompt and candidates.
function streamStatsUsage(stats: Record<string, unknown>): TokenUsage | undefined {
  if (stats.input_tokens === undefined && stats.total_tokens === undefined) return undefined;
  const prompt = count(stats.input_tokens);
  const cached = count(stats.cached);
  const candidates = count(stats.output_tokens);
  const beyond = Math.max(0, count(stats.total_tokens) - prompt - candidates);
  return tokenUsage({ input: Math.max(0, prompt - cached), cached, output: candidates + beyond });
}

function jsonStatsUsage(stats: Record<string, unknown>): TokenUsage | undefined {
  if (!isRecord(stats.models)) return undefined;
  let input = 0;
  let cached = 0;
  let output = 0;
  let seen = false;
  for (const model of Object.values(stats.models)) {
    if (!isRecord(model) || !isRecord(model.tokens)) continue;
    const tokens = model.tokens;
    seen = true;
    const modelCached = count(tokens.cached);
    cached += modelCached;
    input += Math.max(0, count(tokens.prompt) - modelCached) + count(tokens.tool);
    output += count(tokens.candidates) + count(tokens.thoughts);
  }
  return seen ? tokenUsage({ input, cached, output }) : undefined;
}

function geminiError(error: Record<string, unknown>, exitCode: number): EngineError {
  const type = typeof error.type === 'string' ? error.type : '';
  const message =
    typeof error.message === 'string' ? error.message : `gemini failed (${type || `exit ${exitCode}`})`;
  if (/TurnLimit/i.test(type)) {
    return {
      ...createEngineError('exit_code', `gemini reached its turn limit: ${message}`, error),
      retryable: false,
    };
  }
  if (/Auth/i.test(type)) return createEngineError('auth', message, error);
  // Without a code in the object, the exit code carries the HTTP status (& 0xFF).
  const status =
    typeof error.code === 'number'
      ? error.code
      : exitCode >= 144 && exitCode <= 255
        ? exitCode + 256
        : undefined;
  return classifyAgentFailure({ message, status, raw: error });
}

// The error object gemini prints (pretty-printed) among stderr noise: from a line starting with `{`.
function findErrorObject(stderr: string): Record<string, unknown> | undefined {
  const lines = stderr.split('\n');
  const closings = lines.flatMap((line, index) => (line.trimEnd().endsWith('}') ? [index] : []));
  for (let start = 0; start < lines.length; start += 1) {
    if (!lines[start]!.startsWith('{')) continue;
    for (const end of closings) {
      if (end < start) continue;
      const object = parseJsonLine(lines.slice(start, end + 1).join('\n'));
      if (object && isRecord(object.error)) return object.error;
      if (object) break;
    }
  }
  return undefined;
}
