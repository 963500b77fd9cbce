// What the four HTTP engines share: one streamed model call per attempt through runModelCall. An engine
// is its profile (name, default model, endpoint and key variables) plus the function that builds its
// provider's request and reads its reply.
import type { Engine, EngineCall, EngineCapabilities, EngineIo, EngineOutcome } from '../engine.ts';
import type { HttpEngineSettings } from './http-engine-settings.ts';
import type { Environment, HttpEngineProfile } from './resolve-model-call.ts';
import { type RunModelCallInput, runModelCall } from './run-model-call.ts';

export abstract class HttpModelEngine implements Engine {
  readonly name: string;
  // A plain model call has no tools, so there is no grant to enforce; `allowed_tools` is refused.
  readonly capabilities: EngineCapabilities = { toolGrants: false, structuredOutput: true };
  readonly #profile: HttpEngineProfile;
  readonly #prepare: RunModelCallInput['prepare'];
  readonly #environment: Environment;

  protected constructor(
    profile: HttpEngineProfile,
    prepare: RunModelCallInput['prepare'],
    settings: HttpEngineSettings = {},
  ) {
    this.name = profile.engine;
    this.#profile = profile;
    this.#prepare = prepare;
    this.#environment = settings.environment ?? process.env;
  }

  run(call: EngineCall, io: EngineIo): Promise<EngineOutcome> {
    return runModelCall({
      call,
      io,
      profile: this.#profile,
      environment: this.#environment,
      prepare: this.#prepare,
    });
  }
}
