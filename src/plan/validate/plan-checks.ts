// Plan-level rules beyond the schema: the plan name and the engine blocks of `defaults`.
import { didYouMean } from '../did-you-mean.ts';
import { sourceError } from '../load/task-entry.ts';
import { ENGINE_NAMES, REASONING_EFFORTS_BY_ENGINE } from '../plan-vocabulary.ts';
import type { PlanHeader } from '../schema/plan-schema.ts';
import { isValidPlanName, NAME_RULE } from '../task-id.ts';
import type { PlanWarning } from '../types.ts';
import type { YamlSource } from '../yaml/yaml-source.ts';

export function checkPlanHeader(header: PlanHeader, source: YamlSource, warnings: PlanWarning[]): void {
  if (header.name !== undefined && header.name.trim() !== '' && !isValidPlanName(header.name.trim())) {
    throw sourceError(
      source,
      'E017',
      `Plan name '${header.name}' contains invalid characters (${NAME_RULE})`,
      ['name'],
    );
  }
  const defaults = header.defaults ?? {};
  for (const engine of ENGINE_NAMES) {
    const effort = defaults[engine]?.reasoning_effort;
    if (effort === undefined) continue;
    const path = ['defaults', engine, 'reasoning_effort'];
    const allowed = REASONING_EFFORTS_BY_ENGINE[engine];
    if (allowed && !allowed.includes(effort)) {
      throw sourceError(
        source,
        'E008',
        `defaults.${engine}.reasoning_effort '${effort}' is not valid. Allowed: ${allowed.join(', ')}${didYouMean(effort, allowed)}`,
        path,
      );
    }
    if (!allowed && engine !== 'mock') {
      warnings.push({
        code: 'W102',
        message: `defaults.${engine}.reasoning_effort is set but engine ${engine} does not support it; '${effort}' is ignored`,
        location: source.locate(path),
      });
    }
  }
}
