// Preloaded into a measured process: prints its peak resident set size (KiB) on stderr at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nMAESTRO_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
