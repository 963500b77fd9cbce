// The usual plan is read without the zod schemas (schema/fast-parse.ts). Differential check: every plan
// of the corpus and of examples/ must load to the same plan, or fail with the same error, as the same
// plan with a no-op key added that only the schemas can read (`policies: []` on the plan, `reminders: []`
// on each task), which sends the plan and every task through zod.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MaestroError } from '../../src/errors/index.ts';
import { validatePlanText } from '../../src/plan/index.ts';
import { planFromText, rejection } from './support.ts';

const CORPUS = '/work/shared/compat/plans';
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

function planFiles(): string[] {
  const folders = [
    ...['examples', 'fixtures', 'invalid', 'peer-bugs'].map((name) => join(CORPUS, name)),
    EXAMPLES,
  ];
  return folders.flatMap((folder) => {
    try {
      return readdirSync(folder)
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => join(folder, name));
    } catch {
      return [];
    }
  });
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function throughSchemas(document: Record<string, unknown>): Record<string, unknown> {
  const forced: Record<string, unknown> = { ...document };
  if (forced.policies === undefined) forced.policies = [];
  if (Array.isArray(document.tasks)) {
    forced.tasks = document.tasks.map((task) =>
      isMapping(task) && task.reminders === undefined ? { ...task, reminders: [] } : task,
    );
  }
  return forced;
}

// What a plan means, without positions (the two texts differ by the added lines) or the added keys.
function meaning(outcome: unknown): unknown {
  return JSON.parse(
    JSON.stringify(outcome, (key, value) =>
      key === 'location' || key === 'source' || key === 'policies' || key === 'reminders' ? undefined : value,
    ),
  );
}

async function outcome(text: string, file: string): Promise<unknown> {
  try {
    return { plan: meaning(await validatePlanText(text, file)) };
  } catch (error) {
    if (!MaestroError.isInstance(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('the fast path of plan loading', () => {
  const files = planFiles();

  it('has plans to compare', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    it(`reads ${file.slice(file.lastIndexOf('/', file.lastIndexOf('/') - 1) + 1)} as the schemas do`, async () => {
      let document: unknown;
      try {
        document = parse(readFileSync(file, 'utf8'));
      } catch {
        return; // YAML syntax errors never reach the schemas
      }
      if (!isMapping(document)) return;
      const usual = await outcome(stringify(document), file);
      const forced = await outcome(stringify(throughSchemas(document)), file);
      expect(usual).toEqual(forced);
    });
  }

  it('still rejects an empty `version:` (checked on its own, before null keys count as absent)', async () => {
    const error = await rejection(
      planFromText('version:\nname: x\ntasks:\n  - id: a\n    command: "true"\n'),
    );
    expect(error.code).toBe('E018');
    expect(error.message).toMatch(/^version must be an integer/);
  });
});
