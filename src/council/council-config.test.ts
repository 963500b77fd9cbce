import { describe, expect, it } from 'vitest';
import { MaestroError } from '../errors/index.ts';
import { resolveCouncilConfig } from './council-config.ts';
import {
  parseAnswerKind,
  parseCountFlag,
  parseIntegerFlag,
  parseRolesMode,
  parseThreshold,
} from './council-flag-values.ts';
import { memberKey, parseMemberSpec, parseMemberSpecs } from './member-spec.ts';

function errorOf(action: () => unknown): MaestroError {
  try {
    action();
  } catch (error) {
    if (MaestroError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MaestroError');
}

const members = parseMemberSpecs(['ollama:qwen2.5:7b', 'openai:gpt-4o-mini', 'claude']);

describe('member specs', () => {
  it('splits at the first colon so model tags survive', () => {
    expect(parseMemberSpec('ollama:qwen2.5:7b', 'm1')).toEqual({
      id: 'm1',
      engine: 'ollama',
      model: 'qwen2.5:7b',
    });
    expect(parseMemberSpec(' claude ', 'm2')).toEqual({ id: 'm2', engine: 'claude' });
    expect(members.map((member) => member.id)).toEqual(['m1', 'm2', 'm3']);
    expect(members.map(memberKey)).toEqual(['ollama:qwen2.5:7b', 'openai:gpt-4o-mini', 'claude']);
  });

  it.each([':gpt-4o', 'ollama:', '', 'bad engine:x'])('rejects %j with E120 naming the flag', (spec) => {
    const error = errorOf(() => parseMemberSpec(spec, 'm1'));
    expect(error.code).toBe('E120');
    expect(error.flag).toBe('--member');
  });
});

describe('flag values', () => {
  it.each([
    ['2/3', 2 / 3],
    ['0.75', 0.75],
    ['67%', 0.67],
    ['1', 1],
  ])('threshold %s', (text, value) => {
    expect(parseThreshold(text)).toBeCloseTo(value);
  });

  it('rejects unreadable values with E120 and the flag', () => {
    expect(errorOf(() => parseThreshold('most'))).toMatchObject({ code: 'E120', flag: '--threshold' });
    expect(errorOf(() => parseThreshold('1/0'))).toMatchObject({ code: 'E120' });
    expect(errorOf(() => parseIntegerFlag('2.5', '--rounds'))).toMatchObject({
      code: 'E120',
      flag: '--rounds',
    });
    expect(errorOf(() => parseRolesMode('random'))).toMatchObject({ code: 'E120', flag: '--roles' });
    expect(errorOf(() => parseAnswerKind('json_field:'))).toMatchObject({ code: 'E120', flag: '--answer' });
  });

  it('a count below its minimum is E012 naming the flag, not an internal error later', () => {
    expect(parseCountFlag('2', '--retries')).toBe(2);
    expect(parseCountFlag('0', '--limit')).toBe(0);
    expect(errorOf(() => parseCountFlag('-1', '--retries'))).toMatchObject({
      code: 'E012',
      flag: '--retries',
      message: "Expected --retries to be an integer of at least 0, got '-1'",
    });
    expect(errorOf(() => parseCountFlag('x', '--limit'))).toMatchObject({ code: 'E120', flag: '--limit' });
  });

  it('accepts json_field with a dotted path', () => {
    expect(parseAnswerKind('json_field:verdict.label')).toBe('json_field:verdict.label');
  });
});

describe('resolveCouncilConfig', () => {
  it('applies documented defaults', () => {
    const { config, warnings } = resolveCouncilConfig({ question: ' Why? ', members });
    expect(config).toMatchObject({
      question: 'Why?',
      rounds: 2,
      rolesMode: 'fixed',
      roles: ['proposer', 'critic', "devil's advocate", 'synthesizer'],
      quorum: 3,
      threshold: 2 / 3,
      anonymize: true,
      earlyStop: false,
      answerKind: 'auto',
      rankingMethod: 'borda',
    });
    expect(config.chair).toBe(members[0]);
    expect(config.seed).toBe(resolveCouncilConfig({ question: 'Why?', members }).config.seed);
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ rounds: 0 }, '--rounds'],
    [{ rounds: 6 }, '--rounds'],
    [{ quorum: 0 }, '--quorum'],
    [{ quorum: 4 }, '--quorum'],
    [{ threshold: 0 }, '--threshold'],
    [{ threshold: 1.5 }, '--threshold'],
    [{ seed: -1 }, '--seed'],
  ])('rejects %j with E012 naming %s', (options, flag) => {
    expect(errorOf(() => resolveCouncilConfig({ question: 'q', members, ...options }))).toMatchObject({
      code: 'E012',
      flag,
    });
  });

  it('needs 2 to 26 members', () => {
    expect(
      errorOf(() => resolveCouncilConfig({ question: 'q', members: members.slice(0, 1) })),
    ).toMatchObject({
      code: 'E012',
      flag: '--member',
    });
  });

  it('lowers the default quorum for a council of two, with a warning', () => {
    const { config, warnings } = resolveCouncilConfig({
      question: 'q',
      members: members.slice(0, 2),
      threshold: 0.5,
    });
    expect(config.quorum).toBe(2);
    expect(warnings).toEqual([
      'quorum lowered from 3 to 2: the council has 2 members',
      '--threshold 0.5 lets two groups tie; a tie is never a consensus',
    ]);
  });

  it('keeps the threshold as written, for messages', () => {
    const { config, warnings } = resolveCouncilConfig({
      question: 'q',
      members,
      threshold: 0.5,
      thresholdText: ' 50% ',
    });
    expect(config).toMatchObject({ threshold: 0.5, thresholdText: '50%' });
    expect(warnings).toEqual(['--threshold 50% lets two groups tie; a tie is never a consensus']);
  });

  it('keeps a member id for a chair that is a member, and names an outside chair `chair`', () => {
    const same = resolveCouncilConfig({ question: 'q', members, chair: { id: 'x', engine: 'claude' } });
    expect(same.config.chair.id).toBe('m3');
    const outside = resolveCouncilConfig({
      question: 'q',
      members,
      chair: { id: 'x', engine: 'gemini', model: 'pro' },
    });
    expect(outside.config.chair).toEqual({ id: 'chair', engine: 'gemini', model: 'pro' });
  });
});
