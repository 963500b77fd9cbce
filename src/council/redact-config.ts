// The config as the session records it (history_log.jsonl, the run's events, JSON output, replay):
// members' options may carry credentials, in a `base_url` such as http://user:password@host/v1 or in an
// `api_key`. The calls themselves use the config as given; only what is written down is redacted, and
// before any masker runs, since a masker only knows the secrets it was told about.
import { describeEndpoint } from '../engines/http/describe-endpoint.ts';
import type { CouncilMember } from './council-port.ts';
import type { CouncilConfig } from './types.ts';

const SECRET_KEY = /key|token|secret|password|auth|credential/i;
// `api_key_env` names a variable and `max_tokens` is a count: neither holds a secret.
const NOT_SECRET_KEY = /_env$/i;
const URL_KEY = /url|uri|endpoint/i;
// scheme://user:password@host: credentials in a value whatever its key.
const URL_WITH_USER = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

export function redactConfig(config: CouncilConfig): CouncilConfig {
  const members = config.members.map(redactMember);
  const memberIndex = config.members.indexOf(config.chair);
  const chair = memberIndex >= 0 ? (members[memberIndex] as CouncilMember) : redactMember(config.chair);
  return { ...config, members, chair };
}

function redactMember(member: CouncilMember): CouncilMember {
  if (member.options === undefined) return member;
  return { ...member, options: redactObject(member.options, false) };
}

function redactObject(value: Record<string, unknown>, secret: boolean): Record<string, unknown> {
  // fromEntries defines own properties, so a key named __proto__ stays data.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(key, item, secret)]));
}

function redact(key: string, value: unknown, underSecret: boolean): unknown {
  const secret = underSecret || (SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key));
  if (typeof value === 'string') {
    if (secret) return '***';
    return URL_KEY.test(key) || URL_WITH_USER.test(value) ? describeEndpoint(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => redact(key, item, secret));
  if (typeof value === 'object' && value !== null)
    return redactObject(value as Record<string, unknown>, secret);
  return value;
}
