// Plans maestro-cli judges differently from how Maestro did: a repeated key (kept, last value wins), values
// it refuses (a council engine, an empty escalation entry, a text count, a rule that does not parse), and
// a fragment that is not YAML (an import problem).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';

const dir = makeTempDir('maestro-loader-compat-');
const env = { MAESTRO_PLAN_CACHE_DIR: join(dir.path, 'plan-cache') };
afterAll(() => dir.remove());

function plan(name: string, text: string): string {
  const file = join(dir.path, name);
  writeFileSync(file, text);
  return file;
}

const validate = (...args: string[]) => runMaestro(['validate', ...args], { cwd: dir.path, env });

describe('maestro-cli compatibility of the loader', () => {
  it('a repeated key keeps its last value with a warning naming where; --strict refuses it', async () => {
    const file = plan(
      'dup.yaml',
      'version: 1\nname: dup\ntasks:\n  - id: a\n    command: echo one\n    timeout_sec: 10\n    timeout_sec: 20\n',
    );
    const lenient = await validate(file);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      `W103: ${file}:7:5: Duplicate key 'timeout_sec' (written before at line 6, column 5): the last value is used`,
    );
    const strict = await validate('--strict', file);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`[E090] ${file}:7:5: Duplicate key 'timeout_sec'`);
  });

  it("refuses what maestro-cli refuses, with maestro-cli's codes", async () => {
    const task = 'tasks:\n  - id: a\n    engine: claude\n    prompt: hi\n';
    const cases: [string, string][] = [
      [
        'E006',
        `version: 1\n${task}    context_mode: council\n    council:\n      participants: [{engine: gpt4}, {engine: claude}]\n`,
      ],
      ['E031', `version: 1\n${task}    escalation: [""]\n`],
      ['E050', `version: 1\ncircuit_breaker: {max_total_failures: "5"}\n${task}`],
      ['E052', `version: 1\npolicies:\n  - name: p\n    rule: "((("\n${task}`],
    ];
    for (const [code, text] of cases) {
      const result = await validate('--json', plan(`${code}.yaml`, text));
      expect(result.code, code).toBe(1);
      expect(JSON.parse(result.stdout).error.code, code).toBe(code);
    }
  });

  it('a fragment with a YAML syntax error is E026 at the fragment', async () => {
    const fragment = plan('frag_bad.yaml', 'tasks:\n  - id: lint\n    command: echo\n  bad: [\n');
    const main = plan(
      'main.yaml',
      'version: 1\nname: m\nimports:\n  - path: frag_bad.yaml\n    prefix: qa\ntasks:\n  - id: main\n    command: echo\n',
    );
    const result = await validate('--json', main);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'E026',
      file: fragment,
      line: 4,
      column: 1,
    });
  });

  it('a prompt file an earlier task writes is read when its task starts, as maestro-cli does', async () => {
    const folder = join(dir.path, 'generated-prompt');
    const file = plan(
      'generated-prompt.yaml',
      [
        'version: 1',
        'name: gen',
        'tasks:',
        '  - id: write-prompt',
        '    command: "mkdir -p generated && printf \'Review {{ upstream.output }}\' > generated/review.md && echo the-diff"',
        '  - id: review',
        '    engine: mock',
        '    prompt_file: generated/review.md',
        '    depends_on: [write-prompt]',
        '    mock: {reply: "PROMPT-WAS: {{ prompt }}"}',
        '  - id: never',
        '    engine: mock',
        '    prompt_file: generated/none.md',
        '    depends_on: [write-prompt]',
        '',
      ]
        .join('\n')
        .replace('{{ upstream.output }}', '{{ write-prompt.output }}'),
    );
    const checked = await validate(file);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('W104');
    const run = await runMaestro(['run', file, '--run-dir', folder], { cwd: dir.path, env });
    expect(run.code).toBe(1);
    const [runPath] = readdirSync(folder).filter((name) => !name.startsWith('.'));
    const result = (task: string) =>
      JSON.parse(readFileSync(join(folder, runPath!, `${task}.result.json`), 'utf8')) as Record<
        string,
        unknown
      >;
    expect(result('review')).toMatchObject({ status: 'success' });
    // The file was read when review started, with the upstream output it names rendered.
    expect(String(result('review').stdout_tail)).toContain('PROMPT-WAS: Review the-diff');
    expect(result('never')).toMatchObject({ status: 'failed' });
    expect(String(result('never').message)).toMatch(
      /^\[E100\] prompt_file not found: .*generated\/none\.md$/,
    );
  });
});
