// Python's `json.dumps` string encoding with its default `ensure_ascii=True`: printable ASCII stays as is,
// everything else becomes an escape. JavaScript strings are UTF-16 already, so escaping code unit by code
// unit yields the surrogate pairs Python writes for astral characters.

// Printable ASCII except `"` (0x22) and `\` (0x5c): the characters Python leaves untouched.
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Quotes `text` as Python's `json.dumps(text)` does: `"caf\u00e9"`, `"\ud83d\ude00"`, `"\u0001"`. */
export function quotePythonString(text: string): string {
  if (PLAIN_TEXT.test(text)) return `"${text}"`;
  return `"${text.replace(NEEDS_ESCAPE, escapeCharacter)}"`;
}

function escapeCharacter(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
