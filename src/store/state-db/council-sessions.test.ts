import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../../test/store/support/temporary-directory.ts';
import { MaestroError } from '../../errors/index.ts';
import type { CouncilSessionRow } from './council-rows.ts';
import { openSqliteDb } from './db.ts';
import {
  first,
  firstSeats,
  second,
  secondSeats,
  session,
  third,
  thirdSeats,
} from './fixtures/council-sessions.ts';
import { openStateDb, type StateDb } from './state-db.ts';

const newDirectory = useTemporaryDirectories();

function withState(work: (state: StateDb) => void): void {
  const state = openStateDb(newDirectory());
  try {
    work(state);
  } finally {
    state.close();
  }
}

function indexAll(state: StateDb): void {
  state.councilSessions.upsert(first, firstSeats);
  state.councilSessions.upsert(second, secondSeats);
  state.councilSessions.upsert(third, thirdSeats);
}

describe('councilSessions', () => {
  it('lists sessions newest first, with limit and offset', () => {
    withState((state) => {
      indexAll(state);
      const ids = (rows: CouncilSessionRow[]) => rows.map((row) => row.sessionId);
      expect(ids(state.councilSessions.list())).toEqual([third.sessionId, second.sessionId, first.sessionId]);
      expect(ids(state.councilSessions.list({ limit: 2, offset: 1 }))).toEqual([
        second.sessionId,
        first.sessionId,
      ]);
      expect(state.councilSessions.list()[0]).toEqual(third);
      expect(() => state.councilSessions.list({ limit: -1 })).toThrow(/`limit`/);
    });
  });

  it('gets a session with its seats by id or by a unique prefix', () => {
    withState((state) => {
      indexAll(state);
      expect(state.councilSessions.get(first.sessionId)).toEqual({ session: first, members: firstSeats });
      expect(state.councilSessions.get('c-20260502')?.session).toEqual(second);
      expect(state.councilSessions.get('c-20260503-b')?.members).toEqual(thirdSeats);
      expect(state.councilSessions.get('zzz')).toBeUndefined();
      expect(state.councilSessions.get('')).toBeUndefined();
    });
  });

  it('prefers an exact id over a longer id it is a prefix of', () => {
    withState((state) => {
      state.councilSessions.upsert(session('abc', 1), []);
      state.councilSessions.upsert(session('abcd', 2), []);
      expect(state.councilSessions.get('abc')?.session.sessionId).toBe('abc');
      expect(() => state.councilSessions.get('ab')).toThrow(/ambiguous/);
    });
  });

  it('refuses an ambiguous prefix with E131 listing the candidates', () => {
    withState((state) => {
      indexAll(state);
      let thrown: unknown;
      try {
        state.councilSessions.get('c-2026050');
      } catch (error) {
        thrown = error;
      }
      expect(MaestroError.isInstance(thrown)).toBe(true);
      expect((thrown as MaestroError).code).toBe('E131');
      expect((thrown as MaestroError).message).toBe(
        "Council session id prefix 'c-2026050' is ambiguous. " +
          'Candidates: c-20260501-aaaa, c-20260502-aabb, c-20260503-bbcc.',
      );
    });
  });

  it('aggregates each member across sessions', () => {
    withState((state) => {
      indexAll(state);
      // By hand from the three sessions above. Agreement counts only seats that did not fail.
      expect(state.councilSessions.memberStats()).toEqual([
        {
          member: 'claude:opus',
          sessions: 3,
          agreementRate: 2 / 3,
          loneDissenterCount: 1,
          changedMindCount: 1,
          failures: 0,
          meanRank: 5 / 3,
        },
        {
          member: 'codex:gpt-5',
          sessions: 3,
          agreementRate: 1,
          loneDissenterCount: 0,
          changedMindCount: 1,
          failures: 1,
          meanRank: 1.75,
        },
        {
          member: 'gemini:pro',
          sessions: 3,
          agreementRate: 0.5,
          loneDissenterCount: 1,
          changedMindCount: 0,
          failures: 1,
          meanRank: 2.5,
        },
        {
          member: 'local:llama',
          sessions: 1,
          agreementRate: null,
          loneDissenterCount: 0,
          changedMindCount: 0,
          failures: 1,
          meanRank: null,
        },
      ]);
    });
  });

  it('is idempotent: upserting the same sessions again changes nothing', () => {
    withState((state) => {
      indexAll(state);
      const before = { list: state.councilSessions.list(), stats: state.councilSessions.memberStats() };
      indexAll(state);
      expect(state.councilSessions.list()).toEqual(before.list);
      expect(state.councilSessions.memberStats()).toEqual(before.stats);
      const db = openSqliteDb(state.path);
      try {
        expect(db.prepare('SELECT COUNT(*) AS n FROM council_sessions').get()).toEqual({ n: 3 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM council_members').get()).toEqual({ n: 10 });
      } finally {
        db.close();
      }
    });
  });

  it('replaces the seats of a session that is upserted with different ones', () => {
    withState((state) => {
      state.councilSessions.upsert(first, firstSeats);
      const updated = { ...first, status: 'failed', answer: null };
      state.councilSessions.upsert(updated, firstSeats.slice(0, 1));
      expect(state.councilSessions.get(first.sessionId)).toEqual({
        session: updated,
        members: firstSeats.slice(0, 1),
      });
    });
  });

  it('reports the highest indexed history seq, and clear() forgets everything', () => {
    withState((state) => {
      expect(state.councilSessions.maxHistorySeq()).toBeNull();
      indexAll(state);
      expect(state.councilSessions.maxHistorySeq()).toBe(25);
      state.councilSessions.clear();
      expect(state.councilSessions.list()).toEqual([]);
      expect(state.councilSessions.memberStats()).toEqual([]);
      expect(state.councilSessions.maxHistorySeq()).toBeNull();
    });
  });
});
