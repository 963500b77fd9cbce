// Where the benchmarks create their plans, run folders and caches, and how fast that disk is right now.
//
// By default that is `.bench-work/` in this project (MAESTRO_BENCH_DIR overrides it): a run writes its
// `.maestro-runs/` inside the user's project, and so do these. The system temp folder is the wrong place
// on a machine that also runs the test suite: ext4 passes over inodes freed in the last minutes when it
// allocates new ones (`recently_deleted`, seen with `perf`), and after the suite's mass deletions that
// made creating a small file in /tmp 10x dearer here (250 us instead of 25 us), for minutes on end. The
// probe below prints what creating files costs where the benchmark runs, so a slow disk shows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const workParent = () => process.env.MAESTRO_BENCH_DIR ?? join(root, '.bench-work');

// Every work folder is named with this prefix, so the clean-up touches nothing else in MAESTRO_BENCH_DIR.
const PREFIX = 'maestro-bench-';

/** A fresh folder for one benchmark; `removeWorkDirs` (bench/suite.mjs) deletes it after the suite. */
export function benchWorkDir(name) {
  const parent = workParent();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${PREFIX}${name}-`));
}

/** Deletes the benchmarks' work folders (and nothing else there); answers how many there were. */
export function removeWorkDirs() {
  const parent = workParent();
  if (!existsSync(parent)) return 0;
  const names = readdirSync(parent).filter((name) => name.startsWith(PREFIX));
  for (const name of names) rmSync(join(parent, name), { recursive: true, force: true });
  return names.length;
}

/** Microseconds to create one small file in `folder`: the median of 5 batches of 400. */
export function fileCreationMicros(folder) {
  const probe = mkdtempSync(join(folder, 'disk-probe-'));
  const batches = [];
  for (let batch = 0; batch < 5; batch += 1) {
    const begin = performance.now();
    for (let index = 0; index < 400; index += 1) {
      writeFileSync(join(probe, `${batch}-${index}.json`), '{"status": "success"}\n');
    }
    batches.push(((performance.now() - begin) * 1000) / 400);
  }
  return batches.sort((a, b) => a - b)[2];
}

/**
 * Benchmarks that create thousands of files should not start right after thousands were deleted (the
 * window above): `sync` writes the inode tables back, which shortens it, and the wait outlasts its
 * shortest form.
 */
export async function settleDisk() {
  spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 6000));
}
