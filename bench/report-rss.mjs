// Preloaded into a measured process: prints its peak resident set size (KiB) and its role on stderr at
// exit. The attempt host inherits the preload from the kernel that forks it, and exits first.
import { writeSync } from 'node:fs';

const role = /attempt-host/.test(process.argv[1] ?? '') ? 'host' : 'kernel';
process.on('exit', () => {
  writeSync(2, `\nMAESTRO_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS} ROLE=${role}\n`);
});
