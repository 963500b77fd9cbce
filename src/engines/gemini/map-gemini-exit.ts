// Gemini CLI's exit codes. Its own codes are small (41 auth ... 55 untrusted folder); an API error in
// json/stream-json mode exits with the HTTP status & 0xFF (400 -> 144, 429 -> 173, 503 -> 247).
import { classifyAgentFailure, lastLine } from '../agent-cli/classify-agent-failure.ts';
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError } from '../engine.ts';

export function mapGeminiExitCode(exitCode: number, stderr: string): EngineError | undefined {
  const reason = lastLine(stderr);
  const because = reason ? `: ${reason.length > 200 ? `${reason.slice(0, 200)}…` : reason}` : '';
  switch (exitCode) {
    case 41:
      return createEngineError('auth', `gemini could not authenticate (exit 41)${because}`, { exitCode });
    case 42:
      return createEngineError('unsupported', `gemini rejected its input (exit 42)${because}`, { exitCode });
    case 44:
      return createEngineError('crashed', `gemini's sandbox failed (exit 44)${because}`, { exitCode });
    case 52:
      return createEngineError('unsupported', `gemini's configuration is invalid (exit 52)${because}`, {
        exitCode,
      });
    case 53:
      return {
        ...createEngineError('exit_code', `gemini reached its turn limit (exit 53)${because}`, { exitCode }),
        retryable: false,
      };
    case 54:
      return createEngineError('exit_code', `a gemini tool failed fatally (exit 54)${because}`, { exitCode });
    case 55:
      return createEngineError('unsupported', `gemini does not trust the folder (exit 55)${because}`, {
        exitCode,
      });
  }
  if (exitCode >= 144 && exitCode <= 255) {
    const status = exitCode + 256;
    return classifyAgentFailure({
      message: `gemini API error ${status} (exit ${exitCode})${because}`,
      status,
      raw: { exitCode },
    });
  }
  return undefined;
}
