// Atomic output files for the adapters: written to a hidden temporary name, flushed, then renamed into
// place and the directory flushed. A crash leaves either no file or the whole file, never half of one;
// leftover temporaries (from a crash mid-write) are removed before the next run writes.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const TMP = /^\..*\.tmp-\d+$/;

export async function prepareDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (TMP.test(f)) rmSync(join(dir, f), { force: true });
}

export function writeAtomic(dir: string, name: string, data: string): void {
  const tmp = join(dir, `.${name}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w', 0o640);
  try {
    const buf = Buffer.from(data, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  const d = openSync(dir, 'r');
  try {
    fsyncSync(d);
  } finally {
    closeSync(d);
  }
}

/** `PersistentChat-000000000042`: sorts in batch order, the same name on every retry of the batch. */
export const batchBase = (batchId: number) => `PersistentChat-${String(batchId).padStart(12, '0')}`;
