// One small plan per rule: the error code of each, plus the plans that must stay valid.
import { describe, expect, it } from 'vitest';
import { planFromText, rejection, verdict } from './support.ts';

const plan = (tasks: string, header = '') => `version: 1\nname: rules\n${header}tasks:\n${tasks}`;
const task = (body: string) => plan(`  - id: a\n${body.replace(/^/gm, '    ')}\n`);

const CASES: [string, string, string][] = [
  [
    'E001',
    'a context mode that needs context_from',
    task('engine: claude\nprompt: hi\ncontext_mode: summarized'),
  ],
  ['E001', 'council mode without a council', task('engine: claude\nprompt: hi\ncontext_mode: council')],
  ['E006', 'an unknown engine', task('engine: gpt4\nprompt: hi')],
  ['E008', 'a bad edit policy', task('engine: claude\nprompt: hi\nedit_policy: loose')],
  ['E008', 'a bad codex effort', task('engine: codex\nprompt: hi\nreasoning_effort: max')],
  ['E008', 'an invalid output_redact regex', task('command: echo\noutput_redact: ["(unclosed"]')],
  ['E008', 'an invalid output_redact regex written alone', task('command: echo\noutput_redact: "(unclosed"')],
  ['E011', 'prompt_md_file without a heading', task('engine: claude\nprompt_md_file: p.md')],
  ['E011', 'a group task with a prompt', task('group: sub.yaml\nprompt: hi')],
  ['E012', 'a population of one', task('engine: claude\nprompt: hi\npopulation: {candidates: [haiku]}')],
  [
    'E012',
    'council rounds out of range',
    task(
      'engine: claude\nprompt: hi\ncontext_mode: council\ncouncil: {participants: [{engine: claude}, {engine: codex}], rounds: 9}',
    ),
  ],
  ['E012', 'stdout_tail_lines 0', task('command: echo\nstdout_tail_lines: 0')],
  ['E012', 'max_cost_usd 0', plan('  - {id: a, command: echo}\n', 'max_cost_usd: 0\n')],
  ['E013', 'a negative delay in a list', task('command: echo\nretry_delay_sec: [1, -2]')],
  ['E013', 'a negative negative-cache TTL', task('command: echo\nnegative_cache_ttl_sec: -1')],
  ['E017', 'an id with an empty path segment', task('command: echo').replace('id: a', 'id: a//b')],
  ['E017', 'an id with a trailing slash', task('command: echo').replace('id: a', 'id: a/')],
  ['E018', 'a command that is neither string nor list', task('command: {run: x}')],
  ['E018', 'a non-numeric timeout', task('command: echo\ntimeout_sec: soon')],
  ['E018', 'a task that is not a mapping', plan('  - just text\n')],
  ['E018', 'an unknown contract type', task('command: echo\ncontract_type: novel')],
  [
    'E018',
    'an assertion with an unknown field',
    task('command: echo\nassert: [{type: glob_exists, glob: "*.ts", size: 1}]'),
  ],
  [
    'E018',
    'file_contains_count with both counts',
    task('command: echo\nassert: [{type: file_contains_count, path: a, pattern: b, count: 1, min_count: 1}]'),
  ],
  [
    'E020',
    'a typed criterion with an unknown type',
    task('engine: claude\nprompt: hi\njudge: {criteria: [{type: magic}]}'),
  ],
  [
    'E020',
    'a json-schema criterion with both sources',
    task(
      'engine: claude\nprompt: hi\njudge: {criteria: [{type: json-schema, schema: {}, schema_file: s.json}]}',
    ),
  ],
  [
    'E020',
    'a rubric level out of range',
    task(
      'engine: claude\nprompt: hi\njudge: {criteria: [{type: rubric, name: q, levels: [{score: 9, description: x}]}]}',
    ),
  ],
  [
    'E020',
    'a judge timeout under 10 s',
    task('engine: claude\nprompt: hi\njudge: {criteria: [ok], timeout_sec: 5}'),
  ],
  ['E020', 'an unknown judge preset', task('engine: claude\nprompt: hi\njudge: {preset: nice}')],
  [
    'E055',
    'a bad quorum strategy',
    task('engine: claude\nprompt: hi\njudge: {criteria: [ok], quorum: 3, quorum_strategy: most}'),
  ],
  [
    'E056',
    'a quorum strategy without quorum',
    task('engine: claude\nprompt: hi\njudge: {criteria: [ok], quorum_strategy: any}'),
  ],
  [
    'E030',
    'a fallback model without a fallback engine',
    task('engine: claude\nprompt: hi\nfallback_model: flash'),
  ],
  ['E030', 'an unknown fallback engine', task('engine: claude\nprompt: hi\nfallback_engine: gpt')],
  ['E031', 'escalation on a command task', task('command: echo\nescalation: [opus]')],
  [
    'E046',
    'worktree on a command task',
    plan('  - {id: a, command: echo, worktree: true}\n', 'workspace_root: .\n'),
  ],
  [
    'E058',
    'batch max_per_call 0',
    task("engine: claude\nbatch: {items: [x], template: '{{ batch.item }}', max_per_call: 0}"),
  ],
  [
    'E057',
    'a batch template without the item marker',
    task("engine: claude\nbatch: {items: [x], template: 'do it'}"),
  ],
  [
    'E060',
    'batch on a command task',
    task("command: echo\nbatch: {items: [x], template: '{{ batch.item }}'}"),
  ],
  ['E063', 'dynamic_group on a command task', task('command: echo\ndynamic_group: true')],
  [
    'E064',
    'dynamic_group with matrix',
    task('engine: claude\nprompt: hi\noutput_schema: {type: object}\ndynamic_group: true\nmatrix: {k: [1]}'),
  ],
  [
    'E064',
    'dynamic_group with batch',
    task(
      "engine: claude\noutput_schema: {type: object}\ndynamic_group: true\nbatch: {items: [x], template: '{{ batch.item }}'}",
    ),
  ],
  [
    'E070',
    'an MCP server the agent may not use',
    plan(
      '  - {id: a, engine: claude, prompt: hi, agent: dev, mcp_tools: [db]}\n',
      'mcp_servers:\n  - {name: db, command: serve, allowed_task_roles: [dba]}\n',
    ),
  ],
  [
    'E069',
    'duplicate MCP server names',
    plan(
      '  - {id: a, command: echo}\n',
      'mcp_servers:\n  - {name: db, command: x}\n  - {name: db, command: y}\n',
    ),
  ],
  [
    'E069',
    'an http MCP server without url',
    plan('  - {id: a, command: echo}\n', 'mcp_servers:\n  - {name: db, transport: http}\n'),
  ],
  [
    'E072',
    'a graph council without connections',
    task(
      'engine: claude\nprompt: hi\ncontext_mode: council\ncouncil: {participants: [{engine: claude, role: a}, {engine: codex, role: b}], topology: graph}',
    ),
  ],
  [
    'E072',
    'a council connection to an unknown role',
    task(
      'engine: claude\nprompt: hi\ncontext_mode: council\ncouncil: {participants: [{engine: claude, role: a}, {engine: codex, role: b}], topology: graph, connections: {a: [c]}}',
    ),
  ],
  [
    'E052',
    'duplicate policy names',
    plan('  - {id: a, command: echo}\n', 'policies:\n  - {name: p, rule: x}\n  - {name: p, rule: y}\n'),
  ],
  [
    'E052',
    'a bad policy action',
    plan('  - {id: a, command: echo}\n', 'policies:\n  - {name: p, rule: x, action: shout}\n'),
  ],
  [
    'E050',
    'a bad circuit breaker action',
    plan('  - {id: a, command: echo}\n', 'circuit_breaker: {action: explode}\n'),
  ],
  [
    'E033',
    'a bad watch metric source',
    plan('  - {id: a, command: echo}\n', 'watch: {metric: m, metric_source: vibes}\n'),
  ],
  [
    'E034',
    'a watch pattern with two groups',
    plan('  - {id: a, command: echo}\n', 'watch: {metric: m, metric_pattern: "(a)(b)"}\n'),
  ],
  [
    'E035',
    'json_field without a path',
    plan('  - {id: a, command: echo}\n', 'watch: {metric: m, metric_source: json_field}\n'),
  ],
  [
    'E037',
    'warmup not below max_iterations',
    plan(
      '  - {id: a, command: echo}\n',
      'watch: {metric: m, metric_source: manifest, max_iterations: 2, warmup_iterations: 2}\n',
    ),
  ],
  [
    'E040',
    'a watch metric_task that does not exist',
    plan('  - {id: a, command: echo}\n', 'watch: {metric: m, metric_source: manifest, metric_task: zz}\n'),
  ],
  [
    'E042',
    'a missing watch program file',
    plan(
      '  - {id: a, command: echo}\n',
      'watch: {metric: m, metric_source: manifest, program_md: nope.md}\n',
    ),
  ],
  [
    'E047',
    'improve mode without workspace_root',
    plan('  - {id: a, command: echo}\n', 'watch: {mode: improve}\n'),
  ],
  ['E048', 'a bad watch mode', plan('  - {id: a, command: echo}\n', 'watch: {metric: m, mode: chill}\n')],
  ['E018', 'a missing audit pack', plan('  - {id: a, command: echo}\n', 'audit_packs: [nope.yaml]\n')],
  [
    'E018',
    'a contract consumer of a task without contract_type',
    plan('  - {id: a, command: echo}\n  - {id: b, command: echo, consumes_contracts: [a]}\n'),
  ],
  ['E018', 'reconcile_after an unknown group', task('command: echo\nreconcile_after: [g]')],
  [
    'E019',
    'a default context budget of 0',
    plan('  - {id: a, command: echo}\n', 'defaults: {context_budget_tokens: 0}\n'),
  ],
  [
    'E023',
    'a default budget warning of 1',
    plan('  - {id: a, command: echo}\n', 'defaults: {budget_warning_pct: 1}\n'),
  ],
  [
    'E051',
    'a bad default retry strategy',
    plan('  - {id: a, command: echo}\n', 'defaults: {retry_strategy: random}\n'),
  ],
  ['E018', 'defaults that are not a mapping', plan('  - {id: a, command: echo}\n', 'defaults: [1]\n')],
  ['E018', 'secrets_auto as text', plan('  - {id: a, command: echo}\n', 'defaults: {secrets_auto: "yes"}\n')],
];

describe('rules', () => {
  for (const [code, what, text] of CASES) {
    it(`${code}: ${what}`, async () => {
      expect(await verdict(text)).toBe(code);
    });
  }
});

describe('plans that stay valid', () => {
  it.each([
    ['a string depends_on', plan('  - {id: a, command: echo}\n  - {id: b, command: echo, depends_on: a}\n')],
    [
      'context_from "*"',
      plan('  - {id: a, command: echo}\n  - {id: b, command: echo, depends_on: [a], context_from: ["*"]}\n'),
    ],
    ['numeric strings for integers', task("command: echo\ntimeout_sec: '30'\nmax_retries: '2'")],
    ['null values as absent', task('command: echo\nmodel: null\ntimeout_sec: ~')],
    ['YAML 1.1 booleans', task('command: echo\nallow_failure: yes\ncache: off')],
    ['a judge preset without criteria', task('engine: claude\nprompt: hi\njudge: {preset: code_quality}')],
    [
      'contracts with their implicit dependency',
      plan(
        '  - {id: a, command: echo, contract_type: api-schema}\n  - {id: b, command: echo, consumes_contracts: [a]}\n',
      ),
    ],
    [
      'all Maestro engines',
      plan(
        ['openai', 'anthropic', 'google', 'mock']
          .map((engine) => `  - {id: ${engine}, engine: ${engine}, prompt: hi}\n`)
          .join(''),
      ),
    ],
    [
      'workspace_root "." for recursive context',
      plan(
        '  - {id: a, command: echo}\n  - {id: b, engine: claude, prompt: hi, depends_on: [a], context_from: [a], context_mode: recursive}\n',
        'workspace_root: .\n',
      ),
    ],
  ])('%s', async (_what, text) => {
    expect(await verdict(text, { directories: ['/plans'] })).toBe('valid');
  });

  it('takes one output_redact pattern written alone as a list of one, as maestro-cli does', async () => {
    const loaded = await planFromText(task('command: echo\noutput_redact: "sk-[A-Za-z0-9]+"'));
    expect(loaded.tasks[0]?.output_redact).toEqual(['sk-[A-Za-z0-9]+']);
  });

  it('adds the dependencies that contracts and consistency groups imply', async () => {
    const loaded = await planFromText(
      plan(
        '  - {id: a, command: echo, contract_type: api-schema, consistency_group: [g]}\n  - {id: b, command: echo, consistency_group: [g]}\n  - {id: c, command: echo, consumes_contracts: [a], reconcile_after: [g]}\n',
      ),
    );
    expect(loaded.tasks[2]?.depends_on).toEqual(['a', 'b']);
  });

  it('warns when an engine ignores reasoning_effort (W102)', async () => {
    const loaded = await planFromText(task('engine: gemini\nprompt: hi\nreasoning_effort: high'));
    expect(loaded.warnings.map((warning) => warning.code)).toEqual(['W102']);
  });

  it('prints the cycle path (E004)', async () => {
    const error = await rejection(
      planFromText(
        plan(
          '  - {id: a, command: echo, depends_on: [c]}\n  - {id: b, command: echo, depends_on: [a]}\n  - {id: c, command: echo, depends_on: [b]}\n  - {id: d, command: echo, depends_on: [c]}\n',
        ),
      ),
    );
    expect(error.code).toBe('E004');
    expect(error.message).toContain('a -> c -> b -> a');
  });

  it('suggests the closest engine and task id', async () => {
    expect((await rejection(planFromText(task('engine: cladue\nprompt: hi')))).message).toContain(
      "did you mean 'claude'?",
    );
    const dependency = await rejection(
      planFromText(
        plan('  - {id: build, command: echo}\n  - {id: test, command: echo, depends_on: [biuld]}\n'),
      ),
    );
    expect(dependency.message).toContain("did you mean 'build'?");
  });
});
