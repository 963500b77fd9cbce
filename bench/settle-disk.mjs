// Benchmarks that create thousands of files must not start right after thousands were deleted: ext4 skips
// inodes freed in the last seconds (minutes, while their inode table is not yet written back) when it
// allocates new ones, and on this machine's disk that made creating a file 10x dearer for a while after a
// test run or an earlier benchmark cleaned up. `sync` writes the tables back; the wait outlasts the
// remaining five-second window.
import { spawnSync } from 'node:child_process';

export async function settleDisk() {
  spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 6000));
}
