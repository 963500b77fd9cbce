// maestro-cli's `council:` task block (context_mode: council) through `maestro run`: the council runs in a
// run nested at <run>/<task>/, its answer and minority report reach the task's engine and its dependants,
// and the topology decides whose answers a participant sees when deliberating.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, projectRoot, runMaestro } from '../support/cli.ts';
import { onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

// The critic answers 99 only if the skeptic's answer (which carries a marker) is in its prompt.
function plan(topology: string, connections: string[]): string {
  const reply = (text: string) => `{match: ".", reply: "${text}"}`;
  return [
    'version: 1',
    'name: council-topology',
    'tasks:',
    '  - id: decide',
    '    engine: mock',
    '    mock: {reply: "{{ prompt }}"}',
    '    prompt: "What is 6 times 7?"',
    '    context_mode: council',
    '    council:',
    '      rounds: 2',
    `      topology: ${topology}`,
    ...connections,
    '      participants:',
    '        - {engine: mock, model: a, role: proposer, mock: {replies: [',
    '            {match: "MINORITY REPORT", reply: "Agreed.\\nFINAL ANSWER: 42\\nMINORITY REPORT: the skeptic said 41."},',
    `            ${reply('FINAL ANSWER: 42')}]}}`,
    '        - {engine: mock, model: b, role: critic, mock: {replies: [',
    '            {match: "SKEPTIC-MARK", reply: "I saw the skeptic.\\nFINAL ANSWER: 99"},',
    `            ${reply('FINAL ANSWER: 42')}]}}`,
    `        - {engine: mock, model: c, role: skeptic, mock: {replies: [${reply('SKEPTIC-MARK\\nFINAL ANSWER: 41')}]}}`,
    '  - id: report',
    '    depends_on: [decide]',
    '    engine: mock',
    '    mock: {reply: "{{ prompt }}"}',
    '    prompt: "Summarize: {{ decide.output }}"',
    '',
  ].join('\n');
}

async function runCouncilPlan(text: string) {
  const dir = makeTempDir('maestro-council-plan-');
  cleanups.push(dir.remove);
  const file = join(dir.path, 'plan.yaml');
  writeFileSync(file, text);
  const result = await runMaestro(['run', file, '--run-dir', join(dir.path, 'runs')], { cwd: dir.path });
  return { dir: dir.path, result, runPath: () => onlyRunDirectory(join(dir.path, 'runs')) };
}

function criticFinal(runPath: string): string {
  return String(readResult(join(runPath, 'decide'), 'r1-m2-deliberate').stdout_tail);
}

describe('council task blocks in plans', () => {
  it('graph topology: the critic sees only the proposer; the answer and minority report reach dependants', async () => {
    const { result, runPath } = await runCouncilPlan(
      plan('graph', [
        '      connections:',
        '        critic: [proposer]',
        '        proposer: [critic, skeptic]',
      ]),
    );
    expect(result.code).toBe(0);
    const path = runPath();
    expect(criticFinal(path)).toContain('FINAL ANSWER: 42');
    const events = readEvents(path).map((record) => record.event);
    expect(events.indexOf('council_start')).toBeLessThan(events.indexOf('council_complete'));
    const report = readFileSync(join(path, 'report.log'), 'utf8');
    expect(report).toMatch(/Council deliberation .* consensus/);
    expect(report).toContain('the skeptic said 41');
    const nested = await runMaestro(['verify', join(path, 'decide')], { cwd: projectRoot });
    expect(nested.code).toBe(0);
  });

  it('star topology: the critic sees the skeptic and changes its answer', async () => {
    const { result, runPath } = await runCouncilPlan(plan('star', []));
    expect(result.code).toBe(0);
    expect(criticFinal(runPath())).toContain('FINAL ANSWER: 99');
  });

  it('connections naming a role no participant has fail with E072 before anything runs', async () => {
    const { result } = await runCouncilPlan(plan('graph', ['      connections:', '        critic: [judge]']));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E072\].*'judge'/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a council block on a task without an engine is refused by name (E109), not silently ignored', async () => {
    const text = plan('star', []).replace(
      '    engine: mock\n    mock: {reply: "{{ prompt }}"}\n    prompt: "What is 6 times 7?"',
      '    command: "echo hi"',
    );
    expect(text).toContain('command: "echo hi"');
    const { result } = await runCouncilPlan(text);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[E109\].*'council' on a task without an engine/);
  });
});
