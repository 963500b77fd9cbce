import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { MaestroError } from '../errors/index.ts';
import { loadCouncilConfigFile, parseCouncilConfigText } from './council-config-file.ts';

const newDirectory = useTemporaryDirectories();

function errorOf(text: string): MaestroError {
  try {
    parseCouncilConfigText(text, 'council.yaml');
  } catch (error) {
    if (MaestroError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MaestroError');
}

describe('council config file', () => {
  it('reads members in both forms and every setting', () => {
    const settings = parseCouncilConfigText(
      [
        'question: Is P = NP?',
        'members:',
        '  - ollama:qwen2.5:7b',
        '  - engine: openai',
        '    model: gpt-4o-mini',
        '    options: { temperature: 0.2 }',
        '  - claude',
        'rounds: 3',
        'roles: rotating',
        'role_list: [proposer, critic]',
        'seed: 9',
        'chair: anthropic:claude-opus',
        'quorum: 2',
        'threshold: 3/4',
        'anonymize: false',
        'early_stop: true',
        'answer: yes_no',
        'ranking: mean',
      ].join('\n'),
      'council.yaml',
    );
    expect(settings).toEqual({
      question: 'Is P = NP?',
      members: [
        { id: 'm1', engine: 'ollama', model: 'qwen2.5:7b' },
        { id: 'm2', engine: 'openai', model: 'gpt-4o-mini', options: { temperature: 0.2 } },
        { id: 'm3', engine: 'claude' },
      ],
      rounds: 3,
      rolesMode: 'rotating',
      roles: ['proposer', 'critic'],
      seed: 9,
      chair: { id: 'chair', engine: 'anthropic', model: 'claude-opus' },
      quorum: 2,
      threshold: 0.75,
      thresholdText: '3/4',
      anonymize: false,
      earlyStop: true,
      answerKind: 'yes_no',
      rankingMethod: 'mean',
    });
  });

  it('reads JSON too, from disk', () => {
    const path = join(newDirectory(), 'council.json');
    writeFileSync(path, JSON.stringify({ members: ['a:x', 'b:y'], threshold: 0.6 }));
    expect(loadCouncilConfigFile(path)).toMatchObject({
      threshold: 0.6,
      members: [{ engine: 'a' }, { engine: 'b' }],
    });
  });

  it('reports a syntax error as E090 with file:line:column', () => {
    const error = errorOf('members:\n  - a:x\n  bad: [\n');
    expect(error.code).toBe('E090');
    expect(error.location?.file).toBe('council.yaml');
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports an unknown key as E080 at its position, with a suggestion', () => {
    const error = errorOf('members: [a, b]\nthreshhold: 0.5\n');
    expect(error).toMatchObject({ code: 'E080', location: { file: 'council.yaml', line: 2, column: 1 } });
    expect(error.message).toContain("did you mean 'threshold'?");
  });

  it.each([
    ['rounds: 9\n', 'E012', 1, 9],
    ['rounds: two\n', 'E018', 1, 9],
    ['members:\n  - ok:x\n  - ":bad"\n', 'E018', 3, 5],
    ['members: [a, b]\nquorum: 3\n', 'E012', 2, 9],
    ['threshold: 1.5\n', 'E012', 1, 12],
    ['roles: random\n', 'E008', 1, 8],
    ['anonymize: maybe\n', 'E018', 1, 12],
    ['members:\n  - engine: a\n    modle: x\n  - b\n', 'E080', 3, 5],
  ])('%j → %s at line %i column %i', (text, code, line, column) => {
    expect(errorOf(text)).toMatchObject({ code, location: { line, column } });
  });
});
