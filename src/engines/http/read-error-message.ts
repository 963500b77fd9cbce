// The provider's own words from an error body: `error.message` (OpenAI, Anthropic, Gemini), `error` as a
// string (Ollama) or `message`; else the start of the text.
import { asObject } from './parse-json-text.ts';

const MAX_MESSAGE_CHARS = 300;

export function readErrorMessage(bodyText: string): string {
  let message: unknown;
  try {
    const body = asObject(JSON.parse(bodyText));
    const error = body.error;
    message = typeof error === 'string' ? error : (asObject(error).message ?? body.message ?? body.detail);
  } catch {
    message = undefined;
  }
  const text = (typeof message === 'string' ? message : bodyText).trim().replace(/\s+/g, ' ');
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
