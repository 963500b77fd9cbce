// Zod issues carry maestro-cli's error code inside their message as `E012|must be 0-3, got 4`; the
// loader splits it back out. Messages are relative to the field ("must be ...") so the loader can put
// the task id and the field path in front.

const SEPARATOR = '|';
const CODE_PATTERN = /^[EW]\d{3}$/;

export function codedMessage(code: string, text: string): string {
  return `${code}${SEPARATOR}${text}`;
}

/** `{ error: 'E0xx|text' }`, the zod parameter form. */
export function coded(code: string, text: string): { error: string } {
  return { error: codedMessage(code, text) };
}

export function splitCodedMessage(message: string): { code?: string; text: string } {
  const index = message.indexOf(SEPARATOR);
  if (index > 0) {
    const code = message.slice(0, index);
    if (CODE_PATTERN.test(code)) return { code, text: message.slice(index + 1) };
  }
  return { text: message };
}

/** Short description of a received value for messages: `'many'`, `4`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
