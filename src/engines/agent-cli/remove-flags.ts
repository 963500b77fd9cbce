// Drops flags from the plan's `args` that would contradict what the engine sets for the execution
// profile or the tool grants (maestro-cli passed both, e.g. two codex sandbox flags). The engine then
// notes in the task log what it removed.

export interface FlagSpec {
  /** Spellings, e.g. `['-s', '--sandbox']`. */
  names: readonly string[];
  takesValue: boolean;
  /** Remove only when the value matches (e.g. `-c sandbox_mode=...` but not other `-c` values). */
  valueMatches?: (value: string) => boolean;
  /**
   * An array option (gemini's and qwen's yargs `[array]` flags): the CLI takes every following argument
   * up to the next flag as a value too, so they go with it.
   */
  variadic?: boolean;
}

export interface RemovedFlags {
  args: string[];
  /** The removed flags, each as written (`--sandbox read-only`). */
  removed: string[];
}

export function removeFlags(args: readonly string[], specs: readonly FlagSpec[]): RemovedFlags {
  const kept: string[] = [];
  const removed: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      kept.push(...args.slice(index));
      break;
    }
    const match = matchFlag(arg, args[index + 1], specs);
    if (!match) {
      kept.push(arg);
      continue;
    }
    let end = index + match.consumed;
    if (match.spec.variadic) while (end < args.length && !args[end]!.startsWith('-')) end += 1;
    removed.push(args.slice(index, end).join(' '));
    index = end - 1;
  }
  return { args: kept, removed };
}

function matchFlag(
  arg: string,
  next: string | undefined,
  specs: readonly FlagSpec[],
): { consumed: 1 | 2; spec: FlagSpec } | undefined {
  for (const spec of specs) {
    for (const name of spec.names) {
      if (!spec.takesValue) {
        if (arg === name) return { consumed: 1, spec };
        continue;
      }
      // An array option's values, if any, are taken by the caller's loop.
      if (arg === name && spec.variadic) return { consumed: 1, spec };
      if (arg === name && next !== undefined) {
        if (!spec.valueMatches || spec.valueMatches(next)) return { consumed: 2, spec };
      } else if (arg.startsWith(`${name}=`)) {
        const value = arg.slice(name.length + 1);
        if (!spec.valueMatches || spec.valueMatches(value)) return { consumed: 1, spec };
      }
    }
  }
  return undefined;
}
