import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { renderSession } from './render-session.ts';
import { runCouncil } from './run-council.ts';
import { formatChairReply } from './scripted-council-port.ts';
import { votingCouncilPort } from './scripted-voting-council.ts';

async function dissentingSession(chairReply?: string) {
  const config = resolveCouncilConfig({
    question: 'What is 6 x 7?',
    members: parseMemberSpecs(['ollama:qwen2.5:7b', 'openai:gpt-4o-mini', 'claude']),
    seed: 11,
    rolesMode: 'rotating',
  }).config;
  const port = votingCouncilPort({
    answers: { m1: ['42'], m2: ['42'], m3: ['48'] },
    replies: { chair: chairReply ?? formatChairReply('42', ['A', 'B'], 'One member held 48 | a slip.') },
    usage: { costUsd: 0.01, tokens: 50 },
  });
  return runCouncil(config, port, { sessionId: 'council-test', now: () => new Date(Date.UTC(2026, 4, 1)) });
}

describe('renderSession', () => {
  it('text shows status, final answer, minority report, rounds with roles and flags, totals', async () => {
    const text = renderSession(await dissentingSession(), 'text');
    expect(text).toContain('Council session council-test');
    expect(text).toMatch(/Status: CONSENSUS \(vote\): 2 of 3 valid members agree on 42/);
    expect(text).toContain('Final answer (chair):\n  42');
    expect(text).toContain('Minority report (chair):\n  One member held 48 | a slip.');
    expect(text).toMatch(/m3 \[[a-z' ]+\]: 48 \(disagrees with final, outlier, lone dissenter\)/);
    expect(text).toContain('Ranking (borda, 3 ballots):');
    expect(text).toContain('10 calls (0 failed), 300 tokens, cost $0.0600');
  });

  it('markdown has sections, a members table and escaped cells', async () => {
    const markdown = renderSession(await dissentingSession(), 'markdown');
    expect(markdown).toContain('## Minority report (chair)\n\nOne member held 48 | a slip.');
    expect(markdown).toContain('| m1 |');
    expect(markdown).toMatch(/\| 1 \| m3 \| [a-z' ]+ \| 48 \| ok \|/);
  });

  it('shows the derived minority report when the chair gives none', async () => {
    const text = renderSession(await dissentingSession('FINAL ANSWER: 42'), 'text');
    expect(text).toContain('Minority report (derived):');
    expect(text).toMatch(/Response [A-C] \(m3, claude\) held "48"/);
  });

  it('json is the whole record with sorted keys', async () => {
    const session = await dissentingSession();
    const json = renderSession(session, 'json');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(session)));
    const keys = [...json.matchAll(/^ {2}"(\w+)":/gm)].map((match) => match[1]);
    expect(keys).toEqual([...keys].sort());
    expect(json).toContain('"minorityReport"');
  });
});
