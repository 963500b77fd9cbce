// Drops flags from the plan's `args` that would contradict what the engine sets for the execution
// profile or the tool grants (maestro-cli passed both, e.g. two codex sandbox flags). The engine then
// notes in the task log what it removed.

export interface FlagSpec {
  /** Spellings, e.g. `['-s', '--sandbox']`. */
  names: readonly string[];
  takesValue: boolean;
  /** Remove only when the value matches (e.g. `-c sandbox_mode=...` but not other `-c` values). */
  valueMatches?: (value: string) => boolean;
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
    removed.push(match.consumed === 2 ? `${arg} ${args[index + 1]}` : arg);
    index += match.consumed - 1;
  }
  return { args: kept, removed };
}

function matchFlag(
  arg: string,
  next: string | undefined,
  specs: readonly FlagSpec[],
): { consumed: 1 | 2 } | undefined {
  for (const spec of specs) {
    for (const name of spec.names) {
      if (!spec.takesValue) {
        if (arg === name) return { consumed: 1 };
        continue;
      }
      if (arg === name && next !== undefined) {
        if (!spec.valueMatches || spec.valueMatches(next)) return { consumed: 2 };
      } else if (arg.startsWith(`${name}=`)) {
        const value = arg.slice(name.length + 1);
        if (!spec.valueMatches || spec.valueMatches(value)) return { consumed: 1 };
      }
    }
  }
  return undefined;
}
