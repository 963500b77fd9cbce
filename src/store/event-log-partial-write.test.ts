// A flush that fails part-way (a full disk) must not write the part already in the file a second time:
// the next flush writes only the rest, so the file stays whole lines and its chain verifies.
import type * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventLog } from './event-log.ts';
import { verifyRunDirectory } from './verify-run.ts';

// Every writeSync is the real one unless a test asks for a full disk after some bytes: then one call writes
// only those (a short write, as write(2) may do) and the next fails with ENOSPC, as write(2) would.
const disk = vi.hoisted(() => ({ roomLeft: undefined as number | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  return {
    ...real,
    writeSync: (descriptor: number, buffer: Uint8Array, offset = 0, length = buffer.length - offset) => {
      const room = disk.roomLeft;
      if (room === undefined) return real.writeSync(descriptor, buffer, offset, length);
      if (room === 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      disk.roomLeft = Math.max(0, room - Math.min(room, length));
      return real.writeSync(descriptor, buffer, offset, Math.min(room, length));
    },
  };
});

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('EventLog after a write that failed part-way', () => {
  it('writes only the rest, so no line is doubled and the chain verifies', () => {
    const folder = mkdtempSync(join(tmpdir(), 'maestro-partial-'));
    folders.push(folder);
    const log = EventLog.open({ path: join(folder, 'events.jsonl'), planName: 'p' });
    for (let index = 0; index < 5; index += 1) log.append('tick', { index });
    disk.roomLeft = 300; // part of the second line reaches the file, then the disk is full
    expect(() => log.flush()).toThrow(/ENOSPC/);
    disk.roomLeft = undefined; // room again
    log.flush();
    log.append('tick', { index: 5 });
    log.close();
    const lines = readFileSync(join(folder, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(verifyRunDirectory(folder)).toMatchObject({ events: 6, chainValid: true, problems: [] });
  });
});
