// The few Python format specs run_summary.md uses (`{:.0f}`, `{:.2f}`, `{:,}`), reproduced exactly.
// They differ from JavaScript's toFixed only on exact ties: Python rounds half to even (`2.5` -> `2`,
// `0.125` -> `0.12`) where toFixed rounds away from zero.
import { formatPythonFloat } from './python-float-repr.ts';

/** Python's `f"{value:.{digits}f}"`. */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  // Every double this large is an integer, and toFixed would switch to exponent form.
  if (magnitude >= 1e21)
    return `${sign}${BigInt(magnitude).toString()}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  const rounded = magnitude.toFixed(digits);
  return `${sign}${isExactTie(magnitude, digits) ? roundTieToEven(magnitude, digits, rounded) : rounded}`;
}

// A tie needs the exact binary value to end in a single 5 right after the kept digits. toFixed(100) is
// the exact expansion for any value where a tie at 0-2 digits is possible (the ulp is far above 1e-100).
function isExactTie(magnitude: number, digits: number): boolean {
  const expanded = magnitude.toFixed(100);
  const rest = expanded.slice(expanded.indexOf('.') + 1 + digits);
  return rest[0] === '5' && /^0*$/.test(rest.slice(1));
}

function roundTieToEven(magnitude: number, digits: number, roundedAway: string): string {
  const expanded = magnitude.toFixed(100);
  const point = expanded.indexOf('.');
  const truncated = digits === 0 ? expanded.slice(0, point) : expanded.slice(0, point + 1 + digits);
  const lastDigit = Number(truncated[truncated.length - 1]);
  return lastDigit % 2 === 0 ? truncated : roundedAway;
}

/** Python's `f"{value:,}"` for ints (and floats, via their repr). */
export function formatThousands(value: number): string {
  const text = Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : formatPythonFloat(value);
  const match = /^(-?)(\d+)(.*)$/.exec(text);
  if (match === null) return text;
  const [, sign, integerPart, rest] = match as unknown as [string, string, string, string];
  return `${sign}${integerPart.replace(/\B(?=(\d{3})+$)/g, ',')}${rest}`;
}

/** maestro-cli's `_fmt_duration`: `42s` under a minute, else `3m07s`. */
export function formatPythonDuration(seconds: number): string {
  if (seconds < 60) return `${formatFixed(seconds, 0)}s`;
  const minutes = Math.floor(seconds / 60);
  const remaining = Math.floor(seconds % 60);
  return `${minutes}m${String(remaining).padStart(2, '0')}s`;
}

/** Python's `round(value, digits)` for floats: correctly rounded, exact ties to even. */
export function pythonRound(value: number, digits: number): number {
  return Number(formatFixed(value, digits));
}
