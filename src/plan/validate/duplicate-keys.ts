// A key written twice in one mapping (`timeout_sec: 10` then `timeout_sec: 20`): maestro-cli (PyYAML)
// silently keeps the last value, so Maestro does too, and says so (W103) — the repeat is usually a
// mistake. Strict mode rejects it (E090, the code of a YAML problem).
import { MaestroError } from '../../errors/index.ts';
import type { PlanWarning } from '../types.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';

export function reportDuplicateKeys(source: YamlSource, strict: boolean, warnings: PlanWarning[]): void {
  for (const { key, location, previous } of source.duplicateKeys) {
    const written = `Duplicate key '${key}' (written before at line ${previous.line}, column ${previous.column})`;
    if (strict) {
      throw new MaestroError({
        code: 'E090',
        message: written,
        location,
        hint: 'strict mode rejects duplicate keys',
      });
    }
    warnings.push({ code: 'W103', message: `${written}: the last value is used`, location });
  }
}
