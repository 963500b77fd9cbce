import { describe, expect, it } from 'vitest';
import type { AskJudge, JudgeCall } from './evaluate-model-criteria.ts';
import { resolveJudge } from './resolve-judge.ts';
import { runJudge } from './run-judge.ts';

const subject = {
  taskId: 'impl',
  instructions: 'Write add()',
  output: '{"code": "def add(a, b): return a + b"}',
};
const facts = { output: subject.output, costUsd: 0.5, durationMs: 1200, baseDir: process.cwd() };
const defaults = { taskEngine: 'mock', taskModel: 'writer', taskMock: undefined };

/** A scripted judge model: the first reply whose pattern matches the prompt; every call is recorded. */
function scriptedJudge(rules: [RegExp, string][]): { ask: AskJudge; calls: JudgeCall[] } {
  const calls: JudgeCall[] = [];
  const ask: AskJudge = async (call) => {
    calls.push(call);
    const rule = rules.find(([pattern]) => pattern.test(call.prompt));
    return rule ? { ok: true, text: rule[1] } : { ok: false, text: '', error: 'no scripted reply' };
  };
  return { ask, calls };
}

const verdict = (score: number, passed = score >= 0.7) =>
  JSON.stringify({
    criteria: [{ id: 'c1', passed, score, reasoning: `scored ${score}` }],
    reasoning: 'because',
  });

describe('typed criteria', () => {
  it('are scored locally without asking a model', async () => {
    const judge = resolveJudge(
      {
        criteria: [
          { type: 'contains', value: 'def ' },
          { type: 'regex', pattern: 'def \\w+' },
          { type: 'is-json' },
          { type: 'json-schema', schema: { type: 'object', required: ['code'] } },
          { type: 'cost_under', value: 2 },
          { type: 'duration_under', value: 1 },
        ],
      },
      defaults,
    );
    const { ask, calls } = scriptedJudge([]);
    const result = await runJudge(judge, subject, facts, ask);
    expect(calls).toHaveLength(0);
    expect(result.usedModel).toBe(false);
    expect(result.criteria.map((criterion) => criterion.passed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(result.score).toBe(0.8333);
    expect(result.verdict).toBe('pass');
  });

  it('min aggregation fails on the weakest criterion; half the threshold is a warning', async () => {
    const criteria = [
      { type: 'contains', value: 'def ' },
      { type: 'contains', value: 'class ' },
    ];
    const min = await runJudge(
      resolveJudge({ criteria, aggregation: 'min' }, defaults),
      subject,
      facts,
      scriptedJudge([]).ask,
    );
    expect(min).toMatchObject({ score: 0, verdict: 'fail' });
    const mean = await runJudge(
      resolveJudge({ criteria, pass_threshold: 0.8 }, defaults),
      subject,
      facts,
      scriptedJudge([]).ask,
    );
    expect(mean).toMatchObject({ score: 0.5, verdict: 'warn' });
  });
});

describe('model criteria', () => {
  it('direct: one call, typed and model scores aggregated with rubric weights', async () => {
    const judge = resolveJudge(
      {
        criteria: [
          'The code is correct',
          { type: 'contains', value: 'class ' },
          {
            type: 'rubric',
            name: 'Quality',
            levels: [
              { score: 1, description: 'Poor' },
              { score: 5, description: 'Excellent' },
            ],
            weight: 2,
          },
        ],
        aggregation: 'weighted_mean',
      },
      defaults,
    );
    const reply = JSON.stringify({
      criteria: [
        { id: 'c1', passed: true, score: 1, reasoning: 'correct' },
        { id: 'c3', level: 5, reasoning: 'excellent' },
      ],
      reasoning: 'good',
    });
    const { ask, calls } = scriptedJudge([[/impartial judge/, reply]]);
    const result = await runJudge(judge, subject, facts, ask);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.prompt).toContain('[rubric] Quality');
    expect(calls[0]!.prompt).toContain(subject.output);
    // (1·1 + 0·1 + 1·2) / 4
    expect(result.score).toBe(0.75);
    expect(result.verdict).toBe('pass');
    expect(result.criteria.find((criterion) => criterion.kind === 'rubric')).toMatchObject({
      level: 5,
      passed: true,
    });
  });

  it('an unreadable reply is asked for again, then the verdict is error', async () => {
    const judge = resolveJudge({ criteria: ['The code is correct'] }, defaults);
    const { ask, calls } = scriptedJudge([
      [/could not be read/, verdict(0.9)],
      [/impartial/, 'no json here'],
    ]);
    const repaired = await runJudge(judge, subject, facts, ask);
    expect(calls).toHaveLength(2);
    expect(repaired.verdict).toBe('pass');

    const broken = scriptedJudge([[/impartial/, 'still no json']]);
    const result = await runJudge(judge, subject, facts, broken.ask);
    expect(broken.calls).toHaveLength(2);
    expect(result).toMatchObject({ verdict: 'error', score: null });
    expect(result.error).toContain('unparsable');
  });

  it('g_eval asks for evaluation steps and normalises 1-5 scores', async () => {
    const judge = resolveJudge({ criteria: ['The code is correct'], method: 'g_eval' }, defaults);
    const { ask, calls } = scriptedJudge([
      [/evaluation steps/, '{"evaluation_steps": ["read the code"], "criteria": [{"id": "c1", "score": 4}]}'],
    ]);
    const result = await runJudge(judge, subject, facts, ask);
    expect(calls[0]!.prompt).toMatch(/integer "score" from 1/);
    expect(result).toMatchObject({ score: 0.75, verdict: 'pass', evalSteps: ['read the code'] });
  });

  it('reflection re-examines the first evaluation in a second call, whose verdict stands', async () => {
    const judge = resolveJudge({ criteria: ['The code is correct'], method: 'reflection' }, defaults);
    const { ask, calls } = scriptedJudge([
      [/FIRST EVALUATION/, verdict(0.3)],
      [/impartial/, verdict(0.9)],
    ]);
    const result = await runJudge(judge, subject, facts, ask);
    expect(calls.map((call) => call.purpose)).toEqual(['judge', 'judge-reflection']);
    expect(calls[1]!.prompt).toContain('scored 0.9');
    expect(result).toMatchObject({ score: 0.3, verdict: 'fail' });
    expect(result.evalSteps).toHaveLength(2);
  });

  it('debate runs advocate and critic for each round, then a verdict that sees the transcript', async () => {
    const judge = resolveJudge(
      { criteria: ['The code is correct'], method: 'debate', debate_rounds: 2 },
      defaults,
    );
    const { ask, calls } = scriptedJudge([
      [/You are the ADVOCATE/, 'It adds numbers correctly.'],
      [/You are the CRITIC/, 'It does not validate types.'],
      [/debated this output/, verdict(0.6, false)],
    ]);
    const result = await runJudge(judge, subject, facts, ask);
    expect(calls).toHaveLength(5);
    expect(calls[3]!.prompt).toContain('[ADVOCATE, round 2]');
    expect(calls[4]!.prompt).toContain('It does not validate types.');
    expect(result).toMatchObject({ score: 0.6, verdict: 'warn' });
    expect(result.evalSteps).toHaveLength(4);
  });
});

describe('quorum', () => {
  const scores: Record<string, number> = { '1': 0.9, '2': 0.2, '3': 0.8 };
  const quorumJudge = scriptedJudge(
    Object.entries(scores).map(([seat, score]) => [new RegExp(`judge ${seat} of 3`), verdict(score)]),
  );

  it('asks each judge separately and passes by majority', async () => {
    const judge = resolveJudge({ criteria: ['ok'], quorum: 3, quorum_strategy: 'majority' }, defaults);
    const result = await runJudge(judge, subject, facts, quorumJudge.ask);
    expect(quorumJudge.calls.map((call) => call.seat).sort()).toEqual([1, 2, 3]);
    expect(result.quorum).toEqual({ size: 3, strategy: 'majority', passes: 2 });
    expect(result).toMatchObject({ verdict: 'pass', score: 0.6333 });
  });

  it('unanimous fails on one dissent, any passes on one vote', async () => {
    const unanimous = await runJudge(
      resolveJudge({ criteria: ['ok'], quorum: 3, quorum_strategy: 'unanimous' }, defaults),
      subject,
      facts,
      quorumJudge.ask,
    );
    expect(unanimous.verdict).toBe('fail');
    const low = scriptedJudge([
      [/judge 1 of 2/, verdict(0.9)],
      [/judge 2 of 2/, verdict(0.1)],
    ]);
    const any = await runJudge(
      resolveJudge({ criteria: ['ok'], quorum: 2, quorum_strategy: 'any' }, defaults),
      subject,
      facts,
      low.ask,
    );
    expect(any.verdict).toBe('pass');
  });

  it('is an error only when no judge answers', async () => {
    const silent = scriptedJudge([]);
    const result = await runJudge(
      resolveJudge({ criteria: ['ok'], quorum: 2 }, defaults),
      subject,
      facts,
      silent.ask,
    );
    expect(result.verdict).toBe('error');
    expect(result.judges?.every((entry) => entry.verdict === 'error')).toBe(true);
  });
});

describe('resolveJudge', () => {
  it("defaults to the task's engine and model, and to claude/haiku for a shell task", () => {
    expect(resolveJudge({ criteria: ['x'] }, defaults)).toMatchObject({
      engine: 'mock',
      model: 'writer',
      onFail: 'fail',
      passThreshold: 0.7,
    });
    expect(resolveJudge({ criteria: ['x'], engine: 'openai' }, defaults)).toMatchObject({
      engine: 'openai',
      model: undefined,
    });
    expect(
      resolveJudge({ criteria: ['x'] }, { taskEngine: undefined, taskModel: undefined, taskMock: undefined }),
    ).toMatchObject({ engine: 'claude', model: 'haiku' });
  });

  it('a preset supplies criteria, threshold and aggregation; the block adds to and overrides them', () => {
    const judge = resolveJudge(
      { preset: 'security_audit', criteria: ['No eval'], pass_threshold: 0.5 },
      defaults,
    );
    expect(judge.criteria.length).toBe(5);
    expect(judge.criteria.at(-1)).toMatchObject({ kind: 'llm', text: 'No eval' });
    expect(judge).toMatchObject({ passThreshold: 0.5, aggregation: 'min' });
  });

  it('gives each judge call its timeout by method and criteria count', () => {
    expect(resolveJudge({ criteria: ['a'] }, defaults).callTimeoutMs).toBe(60_000);
    expect(
      resolveJudge({ criteria: ['a', 'b', 'c', 'd', 'e', 'f'], method: 'g_eval' }, defaults).callTimeoutMs,
    ).toBe(150_000);
    expect(resolveJudge({ criteria: ['a'], timeout_sec: 15 }, defaults).callTimeoutMs).toBe(15_000);
  });
});
