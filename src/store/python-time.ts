// Timestamps in the forms maestro-cli writes. Python keeps microseconds; JavaScript dates keep
// milliseconds, so instants are carried as integer microseconds since the Unix epoch (exact up to 2^53,
// i.e. the year 2255).

/** Microseconds since the epoch from a clock that is monotonic within one process. */
export function currentEpochMicroseconds(): number {
  // timeOrigin + now() has sub-millisecond resolution and never goes backwards, so durations computed
  // from two readings are never negative (Date.now() can step back when the system clock is adjusted).
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** Converts a Date (millisecond precision) to epoch microseconds. */
export function dateToEpochMicroseconds(date: Date): number {
  return date.getTime() * 1000;
}

/**
 * Python's `datetime.isoformat()` of an aware UTC datetime: `2026-11-21T12:27:16.565447+00:00`.
 * Like Python, the fraction is omitted when the microseconds are exactly zero.
 */
export function formatPythonIsoTime(epochMicroseconds: number): string {
  const { date, microseconds } = split(epochMicroseconds);
  const fraction = microseconds === 0 ? '' : `.${String(microseconds).padStart(6, '0')}`;
  return `${date.toISOString().slice(0, 19)}${fraction}+00:00`;
}

/** `20261121_122716_550045`: the time part of a maestro-cli run id (`%Y%m%d_%H%M%S_%f`, UTC). */
export function formatRunIdTime(epochMicroseconds: number): string {
  const { date, microseconds } = split(epochMicroseconds);
  const iso = date.toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `${day}_${time}_${String(microseconds).padStart(6, '0')}`;
}

/** The `ts` of an event: UTC with milliseconds, e.g. `2026-11-21T12:27:16.123Z`. */
export function formatEventTimestamp(date: Date): string {
  return date.toISOString();
}

function split(epochMicroseconds: number): { date: Date; microseconds: number } {
  const whole = Math.floor(epochMicroseconds);
  const milliseconds = Math.floor(whole / 1000);
  const secondsStart = Math.floor(milliseconds / 1000) * 1000;
  return { date: new Date(secondsStart), microseconds: whole - secondsStart * 1000 };
}
