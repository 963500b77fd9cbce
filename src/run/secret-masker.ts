// Replaces secret values with `***` in everything a run writes: task logs, results, events, manifest.
// Secrets are named by the plan (`secrets:` / `defaults.secrets`, a list of variable names or `auto`) or
// by --mask-secrets (same as `auto`): `auto` takes every variable whose name looks like a credential.
import type { Plan } from '../plan/types.ts';

const credentialName = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)/i;
const minimumSecretLength = 4;

export type Masker = (text: string) => string;

export function createSecretMasker(plan: Plan, parentEnv: NodeJS.ProcessEnv, maskAll: boolean): Masker {
  const planEnv: Record<string, string> = {};
  for (const task of plan.tasks) Object.assign(planEnv, task.env);
  const environment = { ...planEnv, ...parentEnv } as Record<string, string | undefined>;
  const declared = [plan.secrets, (plan.defaults as { secrets?: unknown }).secrets];
  const auto =
    maskAll ||
    declared.includes('auto') ||
    (plan.defaults as { secrets_auto?: unknown }).secrets_auto === true;
  const names = new Set<string>();
  for (const entry of declared) if (Array.isArray(entry)) for (const name of entry) names.add(String(name));
  if (auto) for (const name of Object.keys(environment)) if (credentialName.test(name)) names.add(name);

  const values = [...names]
    .map((name) => environment[name])
    .filter((value): value is string => typeof value === 'string' && value.length >= minimumSecretLength)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((left, right) => right.length - left.length);
  if (values.length === 0) return (text) => text;
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  return (text) => (text.length < minimumSecretLength ? text : text.replace(pattern, '***'));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
