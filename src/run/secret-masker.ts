// Replaces secret values with `***` in everything a run writes or shows: task logs, results, events,
// manifest, summary, cache entries, and what the run listener hands the CLI (the live view, jsonl).
// Secrets are named by the plan (`secrets:` / `defaults.secrets`, a list of variable names or `auto`) or
// by --mask-secrets (same as `auto`): `auto` takes every variable whose name looks like a credential,
// in the plan's `env:` blocks as well as in the environment Maestro was started with.
import type { Plan } from '../plan/types.ts';
import type { RunListener } from './run-options.ts';
import type { TaskRecord } from './task-record.ts';

const credentialName = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)/i;
const minimumSecretLength = 4;

export type Masker = (text: string) => string;

/** The masker of a run without secrets: writers may skip masking when handed this exact function. */
export const noSecrets: Masker = (text) => text;

export function createSecretMasker(plan: Plan, parentEnv: NodeJS.ProcessEnv, maskAll: boolean): Masker {
  // Every value a name has: tasks may set the same variable differently, and a task's env wins over the
  // parent's in the child, so both are secrets.
  const valuesByName = new Map<string, Set<string>>();
  const collect = (name: string, value: unknown) => {
    if (typeof value !== 'string') return;
    const values = valuesByName.get(name);
    if (values) values.add(value);
    else valuesByName.set(name, new Set([value]));
  };
  for (const task of plan.tasks) for (const [name, value] of Object.entries(task.env)) collect(name, value);
  for (const [name, value] of Object.entries(parentEnv)) collect(name, value);
  const declared = [plan.secrets, (plan.defaults as { secrets?: unknown }).secrets];
  const auto =
    maskAll ||
    declared.includes('auto') ||
    (plan.defaults as { secrets_auto?: unknown }).secrets_auto === true;
  const names = new Set<string>();
  for (const entry of declared) if (Array.isArray(entry)) for (const name of entry) names.add(String(name));
  if (auto) for (const name of valuesByName.keys()) if (credentialName.test(name)) names.add(name);

  const values = [...new Set([...names].flatMap((name) => [...(valuesByName.get(name) ?? [])]))]
    .filter((value) => value.length >= minimumSecretLength)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((left, right) => right.length - left.length);
  if (values.length === 0) return noSecrets;
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  return (text) => (text.length < minimumSecretLength ? text : text.replace(pattern, '***'));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The listener with masked texts: run paths and names on start, and a masked copy of each record's texts
 * on end. Event records (`onEvent`) are masked by the event log already.
 */
export function maskRunListener(listener: RunListener, mask: Masker): RunListener {
  const { onRunStart, onTaskEnd } = listener;
  return {
    ...listener,
    onRunStart: onRunStart
      ? (info) => onRunStart({ ...info, runPath: mask(info.runPath), planName: mask(info.planName) })
      : undefined,
    onTaskEnd: onTaskEnd ? (record) => onTaskEnd(maskRecordTexts(record, mask)) : undefined,
  };
}

function maskRecordTexts(record: TaskRecord, mask: Masker): TaskRecord {
  return {
    ...record,
    message: mask(record.message),
    command: mask(record.command),
    stdoutTail: mask(record.stdoutTail),
    output: mask(record.output),
    failureHistory: record.failureHistory.map((failure) => ({
      ...failure,
      message: mask(failure.message),
      verify_tail: mask(failure.verify_tail),
    })),
  };
}
