// Turns a finished agent CLI (process facts plus what its stream said) into one EngineOutcome. The exit
// code alone is not enough: claude reports API errors with exit 1 but `subtype: success`, qwen reports
// them as text with exit 0, gemini folds the HTTP status into its exit code.
import type { ProcessGroupResult } from '../../process/index.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError, EngineOutcome } from '../engine.ts';
import type { AgentCliDefinition, AgentCliReport } from './agent-cli-definition.ts';
import { classifyAgentFailure, lastLine } from './classify-agent-failure.ts';

/** What the kernel sees of an agent CLI's outcome, plus the facts EngineOutcome has no field for yet. */
export interface AgentCliOutcome extends EngineOutcome {
  /** Tool calls the agent made. */
  toolCallCount: number;
  /** The CLI's session (thread) id, for resuming it. */
  sessionId?: string;
}

export interface AgentCliExitContext {
  definition: AgentCliDefinition;
  binary: string;
  command: string;
  timeoutMs?: number;
  /** The watchdog stopped a CLI that did not exit after its final event. */
  isWatchdogKill: boolean;
}

export function mapAgentCliExit(
  result: ProcessGroupResult,
  report: AgentCliReport,
  context: AgentCliExitContext,
): AgentCliOutcome {
  const outcome: AgentCliOutcome = {
    ok: false,
    text: report.text,
    stderr: result.stderr,
    exitCode: result.exitCode,
    command: context.command,
    durationMs: result.durationMs,
    toolCallCount: report.toolCallCount,
  };
  if (report.usage) outcome.usage = report.usage;
  if (report.costUsd !== undefined) outcome.costUsd = report.costUsd;
  if (report.sessionId) outcome.sessionId = report.sessionId;
  const error = agentError(result, report, context);
  if (error) {
    outcome.error = error;
    return outcome;
  }
  outcome.ok = true;
  // Killed by the watchdog after a complete result: the work is done, the lingering was not.
  if (context.isWatchdogKill) outcome.exitCode = 0;
  return outcome;
}

function agentError(
  result: ProcessGroupResult,
  report: AgentCliReport,
  context: AgentCliExitContext,
): EngineError | undefined {
  const { definition } = context;
  const raw = { exitCode: result.exitCode, signal: result.signal, pid: result.pid };
  if (result.spawnError) {
    const { code, message } = result.spawnError;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return createEngineError(
        'not_found',
        `${definition.name} CLI not found (\`${context.binary}\`): ${definition.installHint}, or set the engine option \`binary\``,
        { ...raw, spawnError: result.spawnError },
      );
    }
    return createEngineError('crashed', message, { ...raw, spawnError: result.spawnError });
  }
  if (result.timedOut) {
    return createEngineError('timeout', `${definition.name} timed out after ${context.timeoutMs} ms`, raw);
  }
  if (result.cancelled && !context.isWatchdogKill) {
    return createEngineError('cancelled', `${definition.name} was cancelled`, raw);
  }
  if (report.error) return report.error;
  if (context.isWatchdogKill && report.hasResult) return undefined;
  if (result.signal !== null) {
    return createEngineError(
      'crashed',
      `${definition.name} was killed by ${result.signal}${detail(result.stderr)}`,
      raw,
    );
  }
  if (result.exitCode !== 0) {
    const mapped = definition.mapExitCode?.(result.exitCode, result.stderr);
    if (mapped) return mapped;
    const reason = lastLine(result.stderr) || lastLine(report.text);
    const error = classifyAgentFailure({
      message: `${definition.name} exited with code ${result.exitCode}${reason ? `: ${reason}` : ''}`,
      raw,
    });
    return error;
  }
  if (!report.hasResult && definition.requiresResultEvent !== false) {
    return createEngineError(
      'bad_output',
      `${definition.name} exited without its final result event${detail(result.stderr)}`,
      raw,
    );
  }
  return undefined;
}

function detail(stderr: string): string {
  const line = lastLine(stderr);
  return line ? `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}` : '';
}
