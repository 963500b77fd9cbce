import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compatDir, makeTempDir, runMaestro } from '../support/cli.ts';
import { type EventRecord, readEvents, readResult, runDirectories } from '../support/run-dir.ts';
import { hasStrace, isExec, isNewProcess, traceMaestro } from '../support/strace.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = makeTempDir('maestro-cache-');
  cleanups.push(dir.remove);
  return dir.path;
}

/** Runs `plan` in `dir` and returns the new run directory with its events. */
async function run(dir: string, plan: string, args: string[] = []) {
  const before = new Set(runDirectories(join(dir, '.maestro-runs')));
  const result = await runMaestro(['run', join(dir, plan), ...args], { cwd: dir });
  const runPath = runDirectories(join(dir, '.maestro-runs')).find((path) => !before.has(path));
  if (!runPath) throw new Error(`no run directory\n${result.stdout}\n${result.stderr}`);
  return { result, runPath, events: readEvents(runPath) };
}

const named = (events: EventRecord[], name: string, taskId?: string) =>
  events.filter((event) => event.event === name && (taskId === undefined || event.task_id === taskId));

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').trim().split('\n');
}

/** Runs `maestro run plan` under strace -f: programs executed (after node itself) and processes forked. */
function traceProcesses(dir: string, plan: string): { execs: number; forks: number } {
  const { lines } = traceMaestro(dir, ['run', plan], 'execve,clone,clone3,fork,vfork');
  return { execs: lines.filter(isExec).length - 1, forks: lines.filter(isNewProcess).length };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('cache hits', () => {
  it('a second run restores the result without running anything, and still verifies', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: hits',
        'tasks:',
        '  - id: append',
        '    command: "echo ran >> ran.txt; echo made-output"',
        '  - id: use',
        '    depends_on: [append]',
        '    command: "echo use >> ran.txt; echo got {{ append.output }}"',
        '',
      ].join('\n'),
    );
    const first = await run(dir, 'plan.yaml');
    expect(first.result.code).toBe(0);
    expect(named(first.events, 'cache_store')).toHaveLength(2);
    expect(named(first.events, 'cache_miss', 'append')[0]).toMatchObject({ reason: 'no_entry' });

    const second = await run(dir, 'plan.yaml');
    expect(second.result.code).toBe(0);
    expect(lines(join(dir, 'ran.txt'))).toEqual(['ran', 'use']);
    expect(named(second.events, 'task_start')).toHaveLength(0);
    const hit = named(second.events, 'cache_hit', 'append')[0];
    expect(hit).toMatchObject({ kind: 'success', status: 'success' });
    expect(hit?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(readResult(second.runPath, 'append')).toMatchObject({
      status: 'success',
      cached: true,
      cache_kind: 'success',
    });
    // The cached upstream output still feeds the dependant's template.
    expect(readResult(second.runPath, 'use').stdout_tail).toBe('got made-output\n');
    expect(readFileSync(join(second.runPath, 'append.log'), 'utf8')).toContain('made-output');
    const entryFolder = join(dir, '.maestro-runs', '.cache', String(hit?.key).slice(0, 2), String(hit?.key));
    const entry = JSON.parse(readFileSync(join(entryFolder, 'result.json'), 'utf8'));
    expect(entry).toMatchObject({ _cache_policy_version: 1, _cache_kind: 'success', _cache_why: 'success' });
    expect(readFileSync(join(entryFolder, 'task.log'), 'utf8')).toContain('made-output');

    const verify = await runMaestro(['verify', second.runPath]);
    expect(verify.stdout).toContain('chain=valid, artefacts=valid');
    expect(verify.code).toBe(0);
  });

  it('thousands of independent hits with a wide max_parallel all end (no hit starts the next one on its stack)', async () => {
    // A hit releases its slot before it awaits anything; when that release dispatched the next ready
    // task on the same stack, 1000 independent hits with max_parallel 64 overflowed the stack and the
    // run vanished with exit 13 and no record.
    const dir = tempDir();
    const count = 2000;
    const plan = ['version: 1', 'name: wide-hits', 'max_parallel: 64', 'tasks:'];
    for (let index = 0; index < count; index += 1) {
      plan.push(`  - id: t${index}`, '    engine: mock', `    prompt: "hello ${index}"`);
    }
    writeFileSync(join(dir, 'plan.yaml'), `${plan.join('\n')}\n`);
    const first = await run(dir, 'plan.yaml', ['-q']);
    expect(first.result.code).toBe(0);
    const second = await run(dir, 'plan.yaml', ['-q']);
    expect(second.result.stderr).not.toContain('Maximum call stack');
    expect(second.result.code).toBe(0);
    expect(named(second.events, 'cache_hit')).toHaveLength(count);
    expect(named(second.events, 'task_complete')).toHaveLength(count);
    expect(named(second.events, 'run_complete')).toHaveLength(1);
  }, 60_000);

  it.skipIf(!hasStrace)(
    'a fully cached run starts no process at all, not even the attempt host',
    async () => {
      const dir = tempDir();
      const tasks = ['a', 'b', 'c'].map((id) => `  - id: ${id}\n    command: "echo ${id} >> ran.txt"`);
      writeFileSync(join(dir, 'plan.yaml'), `version: 1\nname: nospawn\ntasks:\n${tasks.join('\n')}\n`);
      expect((await run(dir, 'plan.yaml')).result.code).toBe(0);
      expect(traceProcesses(dir, join(dir, 'plan.yaml'))).toEqual({ execs: 0, forks: 0 });
      expect(lines(join(dir, 'ran.txt'))).toEqual(['a', 'b', 'c']);
      // The same for a plan whose run_dir (and so cache) is not the default one.
      const custom = tempDir();
      writeFileSync(
        join(custom, 'plan.yaml'),
        `version: 1\nname: nospawn\nrun_dir: custom-runs\ntasks:\n${tasks.join('\n')}\n`,
      );
      expect((await runMaestro(['run', join(custom, 'plan.yaml')], { cwd: custom })).code).toBe(0);
      expect(traceProcesses(custom, join(custom, 'plan.yaml'))).toEqual({ execs: 0, forks: 0 });
      // The control: a run that misses does start processes, and the trace shows them.
      writeFileSync(
        join(dir, 'plan.yaml'),
        'version: 1\nname: nospawn\ntasks:\n  - id: a\n    command: "echo again"\n',
      );
      const missing = traceProcesses(dir, join(dir, 'plan.yaml'));
      expect(missing.execs).toBeGreaterThan(0);
      expect(missing.forks).toBeGreaterThan(0);
    },
  );

  it('a changed command, env or upstream output misses; unchanged neighbours still hit', async () => {
    const dir = tempDir();
    const write = (command: string, value: string) =>
      writeFileSync(
        join(dir, 'plan.yaml'),
        [
          'version: 1',
          'name: invalidate',
          'tasks:',
          '  - id: source',
          '    cache: false',
          '    command: "cat input.txt"',
          '  - id: reader',
          '    depends_on: [source]',
          '    command: "echo reader >> ran.txt"',
          '  - id: cmd',
          `    command: "echo ${command} >> ran.txt"`,
          '  - id: envtask',
          '    command: "echo env-$MODE >> ran.txt"',
          `    env: {MODE: "${value}"}`,
          '',
        ].join('\n'),
      );
    writeFileSync(join(dir, 'input.txt'), 'one\n');
    write('v1', 'a');
    await run(dir, 'plan.yaml');
    expect(lines(join(dir, 'ran.txt')).sort()).toEqual(['env-a', 'reader', 'v1']);

    // Nothing changed: the upstream re-ran (cache: false) with the same output, so its reader hits.
    const same = await run(dir, 'plan.yaml');
    expect(
      named(same.events, 'cache_hit')
        .map((event) => event.task_id)
        .sort(),
    ).toEqual(['cmd', 'envtask', 'reader']);
    expect(named(same.events, 'task_start').map((event) => event.task_id)).toEqual(['source']);

    write('v2', 'b');
    writeFileSync(join(dir, 'input.txt'), 'two\n');
    const changed = await run(dir, 'plan.yaml');
    expect(named(changed.events, 'cache_hit')).toHaveLength(0);
    const misses = new Map(named(changed.events, 'cache_miss').map((event) => [event.task_id, event]));
    expect(misses.get('cmd')).toMatchObject({ reason: 'no_entry', changed: ['command'] });
    expect(misses.get('envtask')).toMatchObject({ changed: ['env'] });
    expect(String(misses.get('envtask')?.detail)).toContain('MODE');
    expect(misses.get('reader')).toMatchObject({ changed: ['upstream'] });
    expect(String(misses.get('reader')?.detail)).toContain('source');
    expect(misses.has('source')).toBe(false); // cache: false is never looked up
    expect(lines(join(dir, 'ran.txt')).sort()).toEqual(['env-a', 'env-b', 'reader', 'reader', 'v1', 'v2']);
  });

  it('an entry without _output_hash (as maestro-cli writes one) keys its dependants by the output it restores', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: foreign-entry',
        'tasks:',
        '  - id: up',
        '    command: "printf hello"',
        '  - id: down',
        '    depends_on: [up]',
        '    command: "echo down >> ran.txt"',
        '',
      ].join('\n'),
    );
    const first = await run(dir, 'plan.yaml');
    const stored = named(first.events, 'cache_store', 'up')[0];
    const key = String(stored?.key);
    const entryPath = join(dir, '.maestro-runs', '.cache', key.slice(0, 2), key, 'result.json');
    const entry = JSON.parse(readFileSync(entryPath, 'utf8'));
    expect(entry.stdout_tail).toBe('hello');
    delete entry._output_hash;
    writeFileSync(entryPath, JSON.stringify(entry, null, 2));

    // `up` hits and its output (no dependant reads it) is hashed from the entry, as when it was stored.
    const again = await run(dir, 'plan.yaml');
    expect(
      named(again.events, 'cache_hit')
        .map((event) => event.task_id)
        .sort(),
    ).toEqual(['down', 'up']);
    expect(lines(join(dir, 'ran.txt'))).toEqual(['down']);
  });

  it('cache: false and --no-cache neither read nor write the cache', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: bypass',
        'tasks:',
        '  - id: never',
        '    cache: false',
        '    command: "echo never >> ran.txt"',
        '  - id: normal',
        '    command: "echo normal >> ran.txt"',
        '',
      ].join('\n'),
    );
    const noCache = await run(dir, 'plan.yaml', ['--no-cache']);
    expect(noCache.events.filter((event) => event.event.startsWith('cache_'))).toHaveLength(0);
    expect(readdirSync(join(dir, '.maestro-runs')).includes('.cache')).toBe(false);

    await run(dir, 'plan.yaml');
    const third = await run(dir, 'plan.yaml');
    expect(named(third.events, 'cache_hit').map((event) => event.task_id)).toEqual(['normal']);
    expect(named(third.events, 'task_start').map((event) => event.task_id)).toEqual(['never']);

    const fourth = await run(dir, 'plan.yaml', ['--no-cache']);
    expect(named(fourth.events, 'task_start')).toHaveLength(2);
    expect(lines(join(dir, 'ran.txt')).filter((line) => line === 'normal')).toHaveLength(3);
    expect(lines(join(dir, 'ran.txt')).filter((line) => line === 'never')).toHaveLength(4);
  });

  it('a hit is charged $0 to the run; the original cost is in the event and result.json', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: costs',
        'tasks:',
        '  - id: ask',
        '    engine: mock',
        '    prompt: "question"',
        '    mock: {reply: "answer", cost_usd: 0.6, usage: {input_tokens: 10, output_tokens: 5}}',
        '',
      ].join('\n'),
    );
    const first = await run(dir, 'plan.yaml');
    expect(first.events.at(-1)).toMatchObject({ event: 'run_complete', cost_usd: 0.6 });
    const second = await run(dir, 'plan.yaml');
    expect(named(second.events, 'cache_hit', 'ask')[0]).toMatchObject({ cost_usd: 0.6 });
    expect(readResult(second.runPath, 'ask')).toMatchObject({
      cost_usd: 0,
      cached: true,
      cached_cost_usd: 0.6,
      token_usage: { input_tokens: 10, output_tokens: 5 },
    });
    expect(second.events.at(-1)).toMatchObject({ event: 'run_complete', success: true, cost_usd: 0 });
  });

  it('control_flow_integrity and the defaults of a fallback engine are part of an engine task key', async () => {
    const dir = tempDir();
    const write = (head: string[]) =>
      writeFileSync(
        join(dir, 'plan.yaml'),
        [
          'version: 1',
          'name: planlevel',
          ...head,
          'tasks:',
          '  - id: a',
          '    command: "echo upstream-data"',
          '  - id: b',
          '    depends_on: [a]',
          '    context_from: [a]',
          '    engine: mock',
          '    fallback_engine: openai',
          '    prompt: summarize',
          '    mock: {reply: "PROMPT-WAS: {{ prompt }}"}',
          '',
        ].join('\n'),
      );
    const hitsAndMisses = (events: EventRecord[]) => ({
      hits: named(events, 'cache_hit').map((event) => event.task_id),
      misses: named(events, 'cache_miss').map((event) => event.task_id),
    });
    write([]);
    await run(dir, 'plan.yaml');
    // The plan's fencing of upstream text changes the prompt b sends: b runs again, a does not.
    write(['control_flow_integrity: true']);
    const fenced = await run(dir, 'plan.yaml');
    expect(hitsAndMisses(fenced.events)).toEqual({ hits: ['a'], misses: ['b'] });
    expect(readResult(fenced.runPath, 'b').stdout_tail).toContain('<<<');
    // So do the plan defaults of the engine b falls back to; those of an engine it never calls do not.
    write(['control_flow_integrity: true', 'defaults:', '  claude: {model: opus}']);
    expect(hitsAndMisses((await run(dir, 'plan.yaml')).events)).toEqual({ hits: ['a', 'b'], misses: [] });
    write(['control_flow_integrity: true', 'defaults:', '  openai: {model: gpt-4.1}']);
    expect(hitsAndMisses((await run(dir, 'plan.yaml')).events)).toEqual({ hits: ['a'], misses: ['b'] });
  });

  it('a declared secret appears in no cache file', async () => {
    const dir = tempDir();
    const secret = 'tok-8c41e9d07a55';
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: secretcache',
        'secrets: [DEPLOY_TOKEN]',
        'tasks:',
        '  - id: leak',
        '    command: "echo token=$DEPLOY_TOKEN; echo $DEPLOY_TOKEN >&2"',
        `    env: {DEPLOY_TOKEN: "${secret}"}`,
        '  - id: fails',
        '    command: "echo failing with $DEPLOY_TOKEN; exit 3"',
        `    env: {DEPLOY_TOKEN: "${secret}"}`,
        '',
      ].join('\n'),
    );
    await run(dir, 'plan.yaml');
    const second = await run(dir, 'plan.yaml');
    expect(named(second.events, 'cache_hit')).toHaveLength(2);
    const cacheFiles = allFiles(join(dir, '.maestro-runs', '.cache'));
    expect(cacheFiles.some((path) => path.endsWith('task.log'))).toBe(true);
    expect(cacheFiles.some((path) => path.includes(`${join('.cache', 'index')}`))).toBe(true);
    for (const path of [...cacheFiles, ...allFiles(second.runPath)]) {
      expect(readFileSync(path, 'utf8'), path).not.toContain(secret);
    }
    expect(readFileSync(join(second.runPath, 'leak.log'), 'utf8')).toContain('token=***');
  });

  it('a secret that is also part of a date or a number leaves the entries readable', async () => {
    const dir = tempDir();
    // The year: a mask applied to an entry's finished text would cut it out of every timestamp.
    const secret = String(new Date().getUTCFullYear());
    writeFileSync(
      join(dir, 'plan.yaml'),
      [
        'version: 1',
        'name: yearsecret',
        'secrets: [PIN_TOKEN]',
        'tasks:',
        '  - id: pin',
        '    command: "echo pin=$PIN_TOKEN"',
        `    env: {PIN_TOKEN: "${secret}"}`,
        '',
      ].join('\n'),
    );
    await run(dir, 'plan.yaml');
    const second = await run(dir, 'plan.yaml');
    expect(named(second.events, 'cache_miss')).toEqual([]);
    expect(named(second.events, 'cache_hit', 'pin')).toHaveLength(1);
    expect(readFileSync(join(second.runPath, 'pin.log'), 'utf8')).toContain('pin=***');
    expect(readResult(second.runPath, 'pin').status).toBe('success');
  });
});

describe('negative cache (peer-bugs negcache.yaml, negcache2.yaml)', () => {
  const peerBugs = join(compatDir, 'plans', 'peer-bugs');

  it('negcache.yaml: a failure is remembered for its TTL and the hit is an event', async () => {
    const dir = tempDir();
    copyFileSync(join(peerBugs, 'negcache.yaml'), join(dir, 'negcache.yaml'));
    const first = await run(dir, 'negcache.yaml');
    expect(first.result.code).toBe(1);
    expect(readResult(first.runPath, 'flaky').status).toBe('failed');
    expect(named(first.events, 'cache_store', 'flaky')[0]).toMatchObject({
      kind: 'negative',
      why: 'negative:generic',
    });

    // The cause is gone, but the failure is remembered (default negative_cache_ttl_sec: 300).
    writeFileSync(join(dir, 'ok.flag'), '');
    const second = await run(dir, 'negcache.yaml');
    expect(second.result.code).toBe(1);
    const hit = named(second.events, 'cache_hit', 'flaky')[0];
    expect(hit).toMatchObject({ kind: 'negative', status: 'failed' });
    expect(Date.parse(String(hit?.expires_at)) - Date.parse(String(hit?.cached_at))).toBe(300_000);
    expect(named(second.events, 'task_start', 'flaky')).toHaveLength(0);
    expect(readResult(second.runPath, 'flaky')).toMatchObject({
      status: 'failed',
      cached: true,
      cache_kind: 'negative',
    });
    // fail_fast (on by default) stops the run after the remembered failure, as after a real one.
    expect(readResult(second.runPath, 'envcheck')).toMatchObject({
      status: 'skipped',
      skip_kind: 'fail_fast',
    });
  });

  it('negcache2.yaml: the failure is remembered, then expires with a 1 s TTL', async () => {
    const dir = tempDir();
    copyFileSync(join(peerBugs, 'negcache2.yaml'), join(dir, 'negcache2.yaml'));
    const first = await run(dir, 'negcache2.yaml');
    expect(first.result.code).toBe(1);
    writeFileSync(join(dir, 'ok2.flag'), '');
    const second = await run(dir, 'negcache2.yaml');
    expect(second.result.code).toBe(1);
    expect(named(second.events, 'cache_hit', 'silent')[0]).toMatchObject({
      kind: 'negative',
      status: 'failed',
    });

    // The TTL is read when the entry is, so lowering it (the key does not change) shortens the memory.
    const text = readFileSync(join(dir, 'negcache2.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'negcache2.yaml'),
      text.replace(
        'command: "test -f ok2.flag"',
        'command: "test -f ok2.flag"\n    negative_cache_ttl_sec: 1',
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const third = await run(dir, 'negcache2.yaml');
    expect(third.result.code).toBe(0);
    expect(named(third.events, 'cache_miss', 'silent')[0]).toMatchObject({ reason: 'expired' });
    expect(named(third.events, 'task_start', 'silent')).toHaveLength(1);
    expect(readResult(third.runPath, 'silent').status).toBe('success');
  });

  it('negative_cache_ttl_sec: 0 never remembers a failure', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      'version: 1\nname: nottl\ntasks:\n  - id: f\n    negative_cache_ttl_sec: 0\n    command: "echo f >> ran.txt; exit 1"\n',
    );
    const first = await run(dir, 'plan.yaml');
    expect(named(first.events, 'cache_store')).toHaveLength(0);
    const second = await run(dir, 'plan.yaml');
    expect(named(second.events, 'cache_hit')).toHaveLength(0);
    expect(lines(join(dir, 'ran.txt'))).toEqual(['f', 'f']);
  });

  it('a failure of a task whose context is untrusted is never remembered (as maestro-cli)', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'plan.yaml'),
      'version: 1\nname: untrustedfail\ntasks:\n  - id: f\n    context_trust: untrusted\n    command: "echo f >> ran.txt; exit 1"\n',
    );
    const first = await run(dir, 'plan.yaml');
    expect(named(first.events, 'cache_store')).toHaveLength(0);
    const second = await run(dir, 'plan.yaml');
    expect(named(second.events, 'cache_hit')).toHaveLength(0);
    expect(lines(join(dir, 'ran.txt'))).toEqual(['f', 'f']);
  });
});
