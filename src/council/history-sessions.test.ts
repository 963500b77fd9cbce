import { describe, expect, it } from 'vitest';
import { resolveCouncilConfig } from './council-config.ts';
import type { HistoryRecord } from './history-log.ts';
import { sessionsFromHistory } from './history-sessions.ts';
import { parseMemberSpecs } from './member-spec.ts';
import { runCouncil } from './run-council.ts';
import { votingCouncilPort } from './scripted-voting-council.ts';

async function recordedSession(sessionId: string): Promise<HistoryRecord[]> {
  const config = resolveCouncilConfig({
    question: 'What is 2 + 2?',
    members: parseMemberSpecs(['mock:a', 'mock:b', 'mock:c']),
    seed: 3,
  }).config;
  const records: HistoryRecord[] = [];
  await runCouncil(config, votingCouncilPort({ answers: { m1: ['4'], m2: ['4'], m3: ['5'] } }), {
    sessionId,
    journal: {
      append: (id, event, data) =>
        records.push({
          // A JSON round trip, as the log is read back.
          ...JSON.parse(JSON.stringify(data)),
          ts: '2026-05-01T00:00:00Z',
          event,
          session_id: id,
          seq: records.length,
          prev_hash: '',
          hash: '',
        }),
    },
  });
  return records;
}

describe('sessionsFromHistory', () => {
  it('skips a session whose session_start has no config, with a warning, and reads the rest', async () => {
    const good = await recordedSession('council-good');
    const bad: HistoryRecord[] = [
      { ts: '', event: 'session_start', session_id: 'council-bad', seq: 0, prev_hash: '', hash: '' },
      { ts: '', event: 'session_complete', session_id: 'council-bad', seq: 1, prev_hash: '', hash: '' },
    ];
    const warnings: string[] = [];
    const sessions = sessionsFromHistory([...bad, ...good], (message) => warnings.push(message));
    expect(sessions.map((session) => [session.id, session.status])).toEqual([['council-good', 'consensus']]);
    expect(warnings).toEqual([
      'history log line seq 0: skipped session council-bad: its session_start has no config',
    ]);
  });

  it('ignores an event line without its record instead of reading it as empty', async () => {
    const records = await recordedSession('council-one');
    const damaged = records.map((record) =>
      record.event === 'member_reply' && record.seq === 2 ? { ...record, call: undefined } : record,
    );
    const warnings: string[] = [];
    const [session] = sessionsFromHistory(damaged, (message) => warnings.push(message));
    expect(session?.calls.every((call) => typeof call.callId === 'string')).toBe(true);
    expect(warnings).toEqual(['history log line seq 2: member_reply of council-one without `call` ignored']);
  });
});
