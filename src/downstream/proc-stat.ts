// Facts about live processes read from /proc (Linux): parent, process group and start time.
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

/** A process that exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  if (PROC_AVAILABLE) {
    const stat = readProcStat(pid);
    return stat !== undefined && stat.state !== 'Z';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
