// Runs one fake provider as a standalone process, for clients in other processes (agent CLIs, benchmarks):
//   node --import tsx test/support/fake-providers/serve-fake-provider.ts openai|anthropic|gemini|ollama
//     [--port N] [--latency-ms N] [--reply TEXT] [--write-file PATH] [--file-content TEXT]
//     [--api-key KEY] [--idle-timeout-ms N] [--log FILE]
// Prints one JSON line `{"provider", "url", "origin", "port"}` on stdout, then serves until SIGTERM, SIGINT
// or the idle timeout. `--log FILE` (or FAKE_LOG) appends every request as a JSON line.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { FakeProviderOptions, FakeProviderServer } from './fake-provider-types.ts';
import { startFakeAnthropicServer } from './start-fake-anthropic-server.ts';
import { startFakeGeminiServer } from './start-fake-gemini-server.ts';
import { startFakeOllamaServer } from './start-fake-ollama-server.ts';
import { startFakeOpenAIServer } from './start-fake-openai-server.ts';

const STARTERS: Record<string, (options: FakeProviderOptions) => Promise<FakeProviderServer>> = {
  openai: startFakeOpenAIServer,
  anthropic: startFakeAnthropicServer,
  gemini: startFakeGeminiServer,
  ollama: startFakeOllamaServer,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    reply: { type: 'string' },
    'write-file': { type: 'string' },
    'file-content': { type: 'string' },
    'api-key': { type: 'string' },
    'idle-timeout-ms': { type: 'string' },
    log: { type: 'string' },
  },
});
const provider = positionals[0] ?? '';
const start = STARTERS[provider];
if (!start) {
  process.stderr.write(`usage: serve-fake-provider.ts ${Object.keys(STARTERS).join('|')} [options]\n`);
  process.exit(2);
}
const logFile = values.log ?? process.env.FAKE_LOG;
const server = await start({
  port: values.port === undefined ? 0 : Number(values.port),
  latencyMs: values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']),
  reply: values.reply,
  writeFile:
    values['write-file'] === undefined
      ? undefined
      : { path: values['write-file'], content: values['file-content'] ?? 'hello from the fake model\n' },
  apiKey: values['api-key'],
  idleTimeoutMs: values['idle-timeout-ms'] === undefined ? 600_000 : Number(values['idle-timeout-ms']),
  holdProcess: true,
  onRequest: logFile
    ? (request) => appendFileSync(logFile, `${JSON.stringify({ ...request, rawBody: undefined })}\n`)
    : undefined,
});
process.stdout.write(
  `${JSON.stringify({ provider, url: server.url, origin: server.origin, port: server.port })}\n`,
);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
