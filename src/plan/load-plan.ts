// The front door of the plan layer: read a plan file and return the validated, resolved Plan.
import { resolve } from 'node:path';
import { MaestroError } from '../errors/index.ts';
import type { BuildContext, UnreadablePlan } from './load/build-plan.ts';
import { loadPlanThroughCache } from './plan-cache.ts';
import { localPlanFiles, type PlanFiles, readPlanText } from './plan-files.ts';
import type { Plan } from './types.ts';

// The parser and the checks are loaded when a plan is really read: a remembered plan needs neither.
type Building = typeof import('./load/build-plan.ts') & typeof import('./yaml/parse-yaml-source.ts');
let building: Building | undefined;
async function loadBuilding(): Promise<Building> {
  if (!building) {
    const [plans, yaml] = await Promise.all([
      import('./load/build-plan.ts'),
      import('./yaml/parse-yaml-source.ts'),
    ]);
    building = { ...plans, ...yaml };
  }
  return building;
}

export interface LoadPlanOptions {
  /** Unknown keys are errors (E080) instead of warnings (W100). @default false */
  strict?: boolean;
  /** Where plan, fragment, prompt and group files are read from. @default the local file system */
  files?: PlanFiles;
}

/**
 * Load, validate and resolve a maestro-cli v1 plan. Throws a MaestroError (code E0xx, with
 * file:line:column) for the first problem found; non-fatal findings are in `plan.warnings`.
 *
 * @example
 * const plan = await loadPlan('plans/release.yaml');
 * for (const warning of plan.warnings) console.warn(warning.code, warning.message);
 */
export async function loadPlan(file: string, options: LoadPlanOptions = {}): Promise<Plan> {
  const absolute = resolve(file);
  if (options.files === undefined) {
    // From the local disk, an unchanged big plan is not read and checked again (plan-cache.ts).
    return loadPlanThroughCache(absolute, options.strict ?? false, (files) =>
      loadFile(absolute, buildContext({ ...options, files }), [absolute]),
    );
  }
  return loadFile(absolute, buildContext(options), [absolute]);
}

/** Validate plan text as if it were the file `file` (imports and prompt files resolve from its folder). */
export async function validatePlanText(
  text: string,
  file: string,
  options: LoadPlanOptions = {},
): Promise<Plan> {
  const absolute = resolve(file);
  const context = buildContext(options);
  const { buildPlan, parseYamlSource } = await loadBuilding();
  return buildPlan(parseYamlSource(text, absolute), { ...context, groupChain: [absolute] });
}

type LoadContext = Omit<BuildContext, 'groupChain'>;

function buildContext(options: LoadPlanOptions): LoadContext {
  const context: LoadContext = {
    files: options.files ?? localPlanFiles,
    strict: options.strict ?? false,
    // Called only from buildPlan, so after loadBuilding().
    parse: (text, file) => (building as Building).parseYamlSource(text, file),
    groupCache: new Map(),
    loadGroup: (file, chain, unreadable) => loadFile(file, context, chain, unreadable),
  };
  return context;
}

async function loadFile(
  file: string,
  context: LoadContext,
  chain: readonly string[],
  unreadable: UnreadablePlan = (reason) => unreadablePlan(file, reason),
): Promise<Plan> {
  const text = await readPlanText(context.files, file, unreadable);
  if (text === undefined) throw unreadable();
  const { buildPlan, parseYamlSource } = await loadBuilding();
  return buildPlan(parseYamlSource(text, file), { ...context, groupChain: chain });
}

function unreadablePlan(file: string, reason: string | undefined): MaestroError {
  return new MaestroError({
    code: 'E091',
    message:
      reason === undefined ? `Plan file not found: ${file}` : `Plan file cannot be read: ${file} (${reason})`,
    location: { file, line: 1, column: 1 },
  });
}
