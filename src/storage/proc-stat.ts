// Facts about live processes read from /proc (Linux): alive or not, parent, process group and start time.
// Here, low in the layers, because both the lock (is its holder alive) and downstream (reaping) ask.
import fs from 'node:fs';

/** Reaping and tree inspection need /proc; elsewhere they are skipped (children still get EOF and signals). */
export const PROC_AVAILABLE = process.platform === 'linux';

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot when the process started; with the pid it names one process for good. */
  startTime: number;
  /** One letter: R, S, D, Z (zombie), ... */
  state: string;
}

/** The stat of one process, or undefined if it does not exist (or /proc is unavailable). */
export function readProcStat(pid: number): ProcStat | undefined {
  if (!PROC_AVAILABLE || !Number.isInteger(pid) || pid <= 0) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcStat(pid, text);
}

/** Parses `/proc/<pid>/stat`. The command name (field 2) may hold spaces and parentheses: split after the last ')'. */
export function parseProcStat(pid: number, text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: [0] state (field 3), [1] ppid, [2] pgrp, ..., [19] starttime (field 22).
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (!Number.isFinite(ppid) || !Number.isFinite(pgid) || !Number.isFinite(startTime)) return undefined;
  return { pid, ppid, pgid, startTime, state: fields[0] ?? '?' };
}

/** Every process visible in /proc right now (zombies included). */
export function listProcesses(): ProcStat[] {
  if (!PROC_AVAILABLE) return [];
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** A process that exists (signal 0 reaches it, or it belongs to another user) and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet still answers signal 0; on Linux it shows as Z.
  // Without /proc (or if it cannot be read) signal 0 has the last word.
  return readProcStat(pid)?.state !== 'Z';
}
