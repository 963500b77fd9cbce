// Second step of `npm run build`: after tsc has written dist/ (the library, one file per module), bundle
// the two executables — the `maestro` CLI and the attempt host the kernel forks — over their tsc output,
// so that starting them resolves and compiles a handful of files instead of ~200. Commands stay lazy:
// each `await import()` becomes a chunk under dist/chunks/ loaded only when that command runs.
// Packages stay external (loaded from node_modules as before, so optional and native ones behave the same),
// except zod (see `bundledPackages` below).
//
// Code that reads `import.meta.url` (to find package.json, the attempt host, better-sqlite3, ...) gets the
// URL its module has in the tsc layout, so relative paths mean the same in a chunk as in dist/<module>.js.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
const DIST_ROOT = '__MAESTRO_DIST_ROOT__';

const entryPoints = {
  'cli/main': join(src, 'cli', 'main.ts'),
  'executors/process-host/attempt-host': join(src, 'executors', 'process-host', 'attempt-host.ts'),
};

const toPosix = (path) => path.split(sep).join('/');

/** Replaces `import.meta.url` with the URL the module has in the tsc layout of dist/. */
const moduleUrls = {
  name: 'maestro-module-urls',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!args.path.startsWith(src) || !text.includes('import.meta.url')) return undefined;
      const distPath = toPosix(relative(src, args.path)).replace(/\.ts$/, '.js');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(distPath)}, ${DIST_ROOT}).href`),
        loader: 'ts',
      };
    });
  },
};

/**
 * zod is bundled, not loaded from node_modules: as a package it is ~95 ES modules that every plan load
 * resolves, reads and links one by one (~80 ms here); bundled and tree-shaken (`import * as z`) it is
 * one chunk of ~290 KB (~30 ms). It has no native or optional parts that bundling could change.
 */
const bundledPackages = {
  name: 'maestro-bundled-packages',
  setup(context) {
    context.onResolve({ filter: /^zod(\/|$)/ }, (args) => ({
      path: fileURLToPath(import.meta.resolve(args.path)),
    }));
  },
};

rmSync(join(dist, 'chunks'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [bundledPackages, moduleUrls],
});

// Each output file knows where it lies: point DIST_ROOT at dist/ relative to it (the metafile names
// outputs relative to absWorkingDir).
for (const output of Object.keys(result.metafile.outputs)) {
  if (!output.endsWith('.js')) continue;
  const file = join(root, output);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(DIST_ROOT)) continue;
  const up = toPosix(relative(dirname(file), dist)) || '.';
  writeFileSync(file, text.replaceAll(DIST_ROOT, `new URL(${JSON.stringify(`${up}/`)}, import.meta.url)`));
}

// The executables run through their shebang (`npx maestro`, node_modules/.bin links): tsc and esbuild
// write them without the executable bit, and a fresh clone's `npx maestro` then fails with EACCES.
for (const executable of ['cli/bin.cjs', 'cli/main.js']) chmodSync(join(dist, executable), 0o755);

// What identifies this build's plan loader for the plan cache (src/plan/plan-cache.ts): every source file
// and the locked dependency versions. A remembered Plan is used only by the build that made it.
const buildHash = createHash('sha256');
const sources = readdirSync(src, { recursive: true })
  .map((name) => toPosix(name))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .sort();
for (const name of sources) buildHash.update(`${name}\n`).update(readFileSync(join(src, name)));
for (const name of ['package.json', 'package-lock.json']) {
  if (existsSync(join(root, name))) buildHash.update(readFileSync(join(root, name)));
}
writeFileSync(join(dist, 'plan', 'loader-build-id.txt'), `${buildHash.digest('hex')}\n`);

const chunks = readdirSync(join(dist, 'chunks')).filter((name) => name.endsWith('.js'));
process.stdout.write(`bundled ${Object.keys(entryPoints).length} executables and ${chunks.length} chunks\n`);
