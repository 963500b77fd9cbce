// `engine:model` as typed on the command line (`--member ollama:qwen2.5:7b`). The engine is everything
// before the first colon, so model names that contain colons (Ollama tags) survive intact. Members are
// numbered m1..mN in the order given; those ids name kernel tasks, so they must stay filesystem-safe.
import { MaestroError } from '../errors/index.ts';
import type { CouncilMember } from './council-port.ts';

const ENGINE_NAME = /^[a-z0-9][a-z0-9_.-]*$/i;

/** Parses one `engine[:model]` spec. `flag` names the option at fault in errors (E120). */
export function parseMemberSpec(spec: string, id: string, flag = '--member'): CouncilMember {
  const text = spec.trim();
  const colon = text.indexOf(':');
  const engine = colon < 0 ? text : text.slice(0, colon);
  const model = colon < 0 ? undefined : text.slice(colon + 1).trim();
  if (!ENGINE_NAME.test(engine)) {
    throw new MaestroError({
      code: 'E120',
      flag,
      message: `Expected ${flag} to be engine or engine:model (e.g. ollama:qwen2.5:7b), got '${spec}'`,
    });
  }
  if (model === '') {
    throw new MaestroError({
      code: 'E120',
      flag,
      message: `Expected a model after '${engine}:' in ${flag}, got '${spec}'`,
      hint: `drop the colon to use ${engine}'s default model`,
    });
  }
  return model === undefined ? { id, engine } : { id, engine, model };
}

/** Parses repeated `--member` values into members m1..mN. */
export function parseMemberSpecs(specs: readonly string[], flag = '--member'): CouncilMember[] {
  return specs.map((spec, index) => parseMemberSpec(spec, memberId(index), flag));
}

/** `m1` for index 0. */
export function memberId(index: number): string {
  return `m${index + 1}`;
}

/** `engine:model` (or just `engine`): the identity statistics are kept under across sessions. */
export function memberKey(member: Pick<CouncilMember, 'engine' | 'model'>): string {
  return member.model ? `${member.engine}:${member.model}` : member.engine;
}
