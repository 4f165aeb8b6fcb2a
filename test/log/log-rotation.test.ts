import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, type FileLogger } from '../../src/log/file-logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function createLog(maxBytes: number): FileLogger {
  const logsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-rotate-'));
  dirs.push(logsDir);
  return createFileLogger({ logsDir, maxBytes });
}

/** A running gateway's logging: a few lines (~150 bytes each) per turn of the event loop. */
async function logInBatches(log: FileLogger, batches: number, perBatch: number): Promise<void> {
  for (let batch = 0; batch < batches; batch += 1) {
    for (let i = 0; i < perBatch; i += 1) log.logger.info({ n: batch * perBatch + i, filler: 'x'.repeat(80) }, 'line');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // The writes are asynchronous: wait until the last line is on disk, however slow the machine.
  const last = batches * perBatch - 1;
  await expect.poll(() => lines(log.file).some((line) => (JSON.parse(line) as { n: number }).n === last)).toBe(true);
  log.flush();
}

describe('createFileLogger rotation while running', () => {
  it('moves the file to .1 once it passes its cap, losing no line', async () => {
    const maxBytes = 6000;
    const log = createLog(maxBytes);
    // 60 lines are ~9 KB: past the cap once, not twice.
    await logInBatches(log, 12, 5);
    const rotated = `${log.file}.1`;
    expect(fs.existsSync(rotated)).toBe(true);
    const numbers = [...lines(rotated), ...lines(log.file)].map((line) => (JSON.parse(line) as { n: number }).n);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, n) => n));
    // The cap is checked against what is on disk while lines are still being written (asynchronously), so a
    // file may pass it by what was in flight: a few batches here, far from the 9 KB an unrotated file would hold.
    expect(fs.statSync(rotated).size).toBeLessThanOrEqual(maxBytes * 1.5);
    expect(fs.statSync(log.file).size).toBeLessThanOrEqual(maxBytes);
  });

  it('keeps rotating in a long run, so neither file grows past about its cap', async () => {
    const maxBytes = 4000;
    const log = createLog(maxBytes);
    // 200 lines are ~30 KB: without rotation while running the file would hold all of them.
    await logInBatches(log, 40, 5);
    expect(fs.statSync(log.file).size).toBeLessThanOrEqual(maxBytes * 1.5);
    expect(fs.statSync(`${log.file}.1`).size).toBeLessThanOrEqual(maxBytes * 1.5);
    expect(JSON.parse(lines(log.file).at(-1)!)).toMatchObject({ n: 199 });
  });
});
