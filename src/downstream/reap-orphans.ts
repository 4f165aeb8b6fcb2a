// At start-up: stops the process trees a previous gateway recorded and that outlived it (after a kill -9).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import { childRecordFileSchema, type ChildRecord } from './child-records.js';
import { parseJsonWith } from '../storage/parse-json-with.js';
import { listProcesses, PROC_AVAILABLE, readProcStat, type ProcStat } from '../storage/proc-stat.js';
import { findTreeProcesses, signalProcesses, waitUntilGone } from './process-tree.js';

/** How long reaped processes get between SIGTERM and SIGKILL. */
export const DEFAULT_REAP_GRACE_MS = 1_000;

export interface ReapOptions {
  dir: string;
  logger: Logger;
  graceMs?: number;
}

export interface ReapReport {
  /** Record files of gateways that no longer run (each removed after reaping). */
  files: number;
  /** Processes that were still running and were signalled. */
  killed: number[];
}

/**
 * A record is acted on only when its gateway is gone (that pid no longer runs with that start time). Then what is
 * provably ours is stopped: the recorded group's leader with its recorded start time, or, when the leader has
 * exited, members of its group that started after it; and every process carrying the child's tree marker in its
 * environment (it can only have inherited it from that child). A pid reused by someone else is never signalled.
 */
export async function reapOrphans(options: ReapOptions): Promise<ReapReport> {
  const report: ReapReport = { files: 0, killed: [] };
  if (!PROC_AVAILABLE) return report;
  let names: string[];
  try {
    names = (await fs.readdir(options.dir)).filter((name) => /^\d+\.json$/.test(name));
  } catch {
    return report;
  }
  const targets: ProcStat[] = [];
  const done: string[] = [];
  for (const name of names) {
    const file = path.join(options.dir, name);
    const record = await readRecordFile(file);
    if (record === 'unreadable') {
      options.logger.warn({ file }, 'skipped an unreadable child record file');
      done.push(file);
      continue;
    }
    const gateway = readProcStat(record.gateway.pid);
    const gatewayAlive =
      gateway !== undefined && gateway.state !== 'Z' && gateway.startTime === record.gateway.start_time;
    if (gatewayAlive) continue;
    done.push(file);
    const processes = listProcesses();
    for (const child of record.children) targets.push(...survivorsOf(child, processes));
    // Descendants that left the group (setsid, detached) or were reparented carry the tree's marker.
    const roots = record.children.flatMap((child) => (child.token ? [{ token: child.token }] : []));
    targets.push(
      ...findTreeProcesses(roots, processes).filter((found) => !targets.some((target) => target.pid === found.pid)),
    );
  }
  if (targets.length) {
    options.logger.warn(
      { pids: targets.map((t) => t.pid) },
      'stopping child processes left by a gateway that did not shut down',
    );
    signalProcesses(targets, 'SIGTERM');
    await waitUntilGone(targets, options.graceMs ?? DEFAULT_REAP_GRACE_MS);
    signalProcesses(targets, 'SIGKILL');
    report.killed = targets.map((t) => t.pid);
  }
  for (const file of done) await fs.rm(file, { force: true });
  report.files = done.length;
  return report;
}

async function readRecordFile(file: string) {
  try {
    return parseJsonWith(childRecordFileSchema, await fs.readFile(file, 'utf8')) ?? 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** The running processes of one recorded group that can be proven to descend from the recorded child. */
function survivorsOf(child: ChildRecord, processes: ProcStat[]): ProcStat[] {
  if (child.start_time <= 0) return [];
  const leader = processes.find((p) => p.pid === child.pid);
  // The pid now names another process: the group id may be reused too, so nothing is touched.
  if (leader && leader.startTime !== child.start_time) return [];
  return processes.filter(
    (p) => p.pgid === child.pgid && p.state !== 'Z' && p.startTime >= child.start_time && p.pid !== process.pid,
  );
}
