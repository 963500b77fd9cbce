// Why an entry is in the cache (`_cache_why`), in maestro-cli's vocabulary: `success`, or for a failure
// remembered for its TTL, the kind of failure.
import type { CacheWhy } from './cache-entry.ts';

export interface FailureFacts {
  status: string;
  exitCode: number | null;
  failureCategory: string | null;
  /** The verify tail of the last failed attempt ('' when verify did not fail). */
  lastVerifyTail: string;
  judgeVerdict: string | null | undefined;
}

export function cacheWhy(facts: FailureFacts): CacheWhy {
  if (facts.status === 'success') return 'success';
  if (facts.failureCategory === 'timeout' || facts.exitCode === 124) return 'negative:timeout';
  if (facts.failureCategory === 'rate_limited') return 'negative:rate_limit';
  if (facts.judgeVerdict === 'fail') return 'negative:judge_fail';
  if (facts.lastVerifyTail !== '' || facts.failureCategory === 'verification_gap')
    return 'negative:verify_fail';
  return 'negative:generic';
}
