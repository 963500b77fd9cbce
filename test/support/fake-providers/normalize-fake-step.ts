// Turns a script entry (a step, a fault or a shorthand such as '429') into one FakeStep shape.
import type { FakeFault, FakeFaultShorthand, FakeStep } from './fake-provider-types.ts';

export interface NormalizedFakeStep extends Omit<FakeStep, 'fault'> {
  fault?: FakeFault;
}

export function normalizeFakeStep(
  entry: FakeStep | FakeFault | FakeFaultShorthand | undefined,
): NormalizedFakeStep {
  if (entry === undefined) return {};
  if (typeof entry === 'string') return { fault: faultFromShorthand(entry) };
  if ('kind' in entry) return { fault: entry };
  const { fault, ...rest } = entry;
  return fault === undefined
    ? rest
    : { ...rest, fault: typeof fault === 'string' ? faultFromShorthand(fault) : fault };
}

export function faultFromShorthand(shorthand: FakeFaultShorthand): FakeFault {
  switch (shorthand) {
    case 'stall':
    case 'cut':
    case 'truncate':
    case 'malformed':
      return { kind: shorthand };
    case '429':
      return { kind: 'status', status: 429, retryAfter: '1' };
    default:
      return { kind: 'status', status: Number(shorthand) };
  }
}
