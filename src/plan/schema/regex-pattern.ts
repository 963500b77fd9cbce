// Plans carry Python regular expressions (maestro-cli compiles them with `re`). JavaScript understands
// most of them once the few Python-only spellings are translated.

const PYTHON_INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** Translate a Python pattern to a JavaScript RegExp, or undefined when it cannot be compiled. */
export function compilePattern(pattern: string): RegExp | undefined {
  let source = pattern
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\Z/g, '$');
  let flags = 'u';
  const inline = PYTHON_INLINE_FLAGS.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1] ?? '') if (flag === 'i' || flag === 'm' || flag === 's') flags += flag;
  }
  for (const candidateFlags of [flags, flags.replace('u', '')]) {
    try {
      return new RegExp(source, candidateFlags);
    } catch {
      // Python allows some escapes that unicode mode rejects; try once more without it.
    }
  }
  return undefined;
}

export function isValidPattern(pattern: string): boolean {
  return compilePattern(pattern) !== undefined;
}

/** Number of capture groups of a pattern (watch.metric_pattern needs exactly one). */
export function captureGroupCount(pattern: RegExp): number {
  return (new RegExp(`${pattern.source}|`, pattern.flags).exec('')?.length ?? 1) - 1;
}
