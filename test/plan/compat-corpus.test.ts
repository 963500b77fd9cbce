// Every plan of the maestro-cli compatibility corpus gets maestro-cli's verdict (the code, not the
// words), read from the EXPECTED.txt files next to the plans.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaestroError } from '../../src/errors/index.ts';
import { loadPlan } from '../../src/plan/index.ts';

const CORPUS = '/work/shared/compat/plans';

interface Expectation {
  file: string;
  valid: boolean;
  /** Codes we accept (maestro-cli's, or ours for its uncoded errors). */
  codes: string[];
}

// `name.yaml => valid`, `name.yaml => invalid [E001]`, `name.yaml => [maestro] error: [E005] ...`,
// `name.yaml => [maestro] error: <uncoded python error>`, `name.yaml => Plan is valid: ...`
function parseExpected(folder: string): Expectation[] {
  const text = readFileSync(join(CORPUS, folder, 'EXPECTED.txt'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes('=>'))
    .map((line) => {
      const [file, verdict] = line.split('=>').map((part) => part.trim()) as [string, string];
      if (verdict === 'valid' || verdict.startsWith('Plan is valid')) return { file, valid: true, codes: [] };
      const coded = /\[(E\d{3})\]/.exec(verdict);
      if (coded) return { file, valid: false, codes: codesFor(file, coded[1] as string) };
      // Uncoded Python errors: YAML syntax is E090, everything else a type mismatch (E018).
      return { file, valid: false, codes: [verdict.includes('Invalid YAML') ? 'E090' : 'E018'] };
    });
}

// maestro-cli reports E007 for batch + matrix because it expands the matrix first (its bug); E062 is right.
function codesFor(file: string, code: string): string[] {
  return file === 'E062_batch_matrix.yaml' ? ['E062', 'E007'] : [code];
}

async function outcome(
  file: string,
): Promise<{ valid: true } | { valid: false; code: string; error: MaestroError }> {
  try {
    await loadPlan(file);
    return { valid: true };
  } catch (error) {
    if (!MaestroError.isInstance(error)) throw error;
    return { valid: false, code: error.code, error };
  }
}

for (const folder of ['examples', 'fixtures', 'invalid']) {
  describe(`compat corpus: ${folder}`, () => {
    const expectations = parseExpected(folder);

    it('has expectations', () => {
      expect(expectations.length).toBeGreaterThan(5);
    });

    for (const expectation of expectations) {
      const verdict = expectation.valid ? 'valid' : `invalid ${expectation.codes.join('|')}`;
      it(`${expectation.file} is ${verdict}`, async () => {
        const result = await outcome(join(CORPUS, folder, expectation.file));
        if (expectation.valid) {
          expect(result, result.valid ? '' : result.error.format()).toEqual({ valid: true });
          return;
        }
        expect(result.valid).toBe(false);
        if (result.valid) return;
        expect(expectation.codes).toContain(result.code);
        expect(result.error.location?.file).toMatch(/\.yaml$/);
        expect(result.error.location?.line).toBeGreaterThan(0);
      });
    }
  });
}

it('prefers E062 for batch + matrix', async () => {
  const result = await outcome(join(CORPUS, 'invalid', 'E062_batch_matrix.yaml'));
  expect(result.valid ? 'valid' : result.code).toBe('E062');
});
