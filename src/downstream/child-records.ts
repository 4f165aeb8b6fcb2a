// The record of this gateway's live child processes on disk, so a later start can reap them after a kill -9.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readProcStat } from '../storage/proc-stat.js';

const childRecordSchema = z.object({
  pid: z.int().positive(),
  /** The child leads its own process group (spawned detached), so pgid === pid at spawn. */
  pgid: z.int().positive(),
  /** /proc start time of the child: a reused pid has another one and is never touched. */
  start_time: z.number().nonnegative(),
  server: z.string().max(200),
  /** The marker its whole tree inherits (process-tree.ts): descendants that left the group are found by it. */
  token: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

export const childRecordFileSchema = z.object({
  gateway: z.object({ pid: z.int().positive(), start_time: z.number().nonnegative() }),
  children: z.array(childRecordSchema),
});

export type ChildRecord = z.infer<typeof childRecordSchema>;
export type ChildRecordFile = z.infer<typeof childRecordFileSchema>;

/** What a transport reports about its child; the records are kept by whoever owns this. */
export interface ChildTracker {
  onSpawn(pid: number, server: string, token?: string): void;
  onExit(pid: number): void;
}

/** `TOOLGATE_HOME/children/<gateway pid>.json`: one file per gateway, so two gateways never overwrite each other. */
export function childRecordsDir(toolgateHome: string): string {
  return path.join(toolgateHome, 'children');
}

/**
 * Keeps `<dir>/<pid>.json` equal to the set of live children, written atomically after each change
 * (writes are chained, so the file never goes backwards). Empty again after a clean shutdown, then removed.
 */
export class ChildRecords implements ChildTracker {
  private readonly children = new Map<number, ChildRecord>();
  private readonly file: string;
  private readonly gateway: ChildRecordFile['gateway'];
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    dir: string,
    private readonly onWriteError: (error: unknown) => void = () => undefined,
  ) {
    this.file = path.join(dir, `${process.pid}.json`);
    this.gateway = { pid: process.pid, start_time: readProcStat(process.pid)?.startTime ?? 0 };
  }

  get path(): string {
    return this.file;
  }

  list(): ChildRecord[] {
    return [...this.children.values()];
  }

  onSpawn(pid: number, server: string, token?: string): void {
    // A stat that cannot be read (not Linux) leaves start_time 0, which the reaper treats as "cannot prove it is ours".
    this.children.set(pid, {
      pid,
      pgid: pid,
      start_time: readProcStat(pid)?.startTime ?? 0,
      server,
      ...(token ? { token } : {}),
    });
    this.persist();
  }

  onExit(pid: number): void {
    if (this.children.delete(pid)) this.persist();
  }

  /** Waits for pending writes; removes the file when no child is left. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    this.closed = true;
    await this.writing;
    if (this.children.size === 0) await fs.rm(this.file, { force: true }).catch(this.onWriteError);
  }

  private persist(): void {
    if (this.closed) return;
    const content: ChildRecordFile = { gateway: this.gateway, children: this.list() };
    this.writing = this.writing.then(() =>
      writeFileAtomic(this.file, `${JSON.stringify(content)}\n`, { mode: 0o600 }).catch(this.onWriteError),
    );
  }
}
