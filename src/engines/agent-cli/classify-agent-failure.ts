// Maps a failure an agent CLI reported (an HTTP status it passed on, or only its message) to one
// EngineError kind. The CLIs wrap provider errors in their own words, so the status is preferred and
// the text is the fallback.
import { createEngineError } from '../create-engine-error.ts';
import type { EngineError, EngineErrorKind } from '../engine.ts';

export interface AgentFailure {
  message: string;
  /** HTTP status of the provider's answer, when the CLI reports it. */
  status?: number;
  raw?: unknown;
}

const MAX_MESSAGE_CHARS = 500;

export function classifyAgentFailure(failure: AgentFailure): EngineError {
  const message = shorten(failure.message.trim() || 'the agent CLI reported an error');
  const status = failure.status ?? statusInText(message);
  const kind = status !== undefined ? kindForStatus(status) : kindForText(message);
  const error = createEngineError(kind ?? kindForText(message), message, failure.raw);
  // A request the provider rejected as malformed fails the same way when sent again.
  if (status !== undefined && status >= 400 && status < 500 && kind === 'exit_code') error.retryable = false;
  return error;
}

function kindForStatus(status: number): EngineErrorKind | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 529) return 'rate_limited'; // Anthropic "overloaded"
  if (status >= 400) return 'exit_code';
  return undefined;
}

function kindForText(message: string): EngineErrorKind {
  if (
    /not logged in|unauthori[sz]ed|invalid api key|invalid x-api-key|authentication|missing environment variable|api key|\/login|permission denied by provider/i.test(
      message,
    )
  ) {
    return 'auth';
  }
  if (/rate.?limit|too many requests|quota|overloaded|hit your limit|usage limit/i.test(message))
    return 'rate_limited';
  if (/model .*not (found|exist|supported)|unknown model|unsupported model|no such model/i.test(message)) {
    return 'not_found';
  }
  return 'exit_code';
}

// "API Error: 400 ...", "unexpected status 404 Not Found", "[API Error: 429 ...]", "status 503".
function statusInText(message: string): number | undefined {
  const match = /(?:api error:?|status(?: code)?:?|http)\s*\[?(\d{3})\b/i.exec(message);
  if (!match) return undefined;
  const status = Number(match[1]);
  return status >= 400 && status < 600 ? status : undefined;
}

function shorten(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

/** The last non-empty line of a text (a CLI's stderr usually ends with its reason). */
export function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .at(-1) ?? ''
  );
}
