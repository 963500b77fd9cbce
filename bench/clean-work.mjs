// `node bench/clean-work.mjs`: deletes the benchmarks' work folders. `npm run bench` runs it last, once every
// benchmark has measured: deleting thousands of files makes creating new ones nearby dearer for minutes
// (see work-dir.mjs), so no benchmark deletes its own folder while others are still to run.
import { removeWorkDirs } from './work-dir.mjs';

process.stdout.write(`removed ${removeWorkDirs()} benchmark work folder(s)\n`);
