// Finds and stops every process a server started, by an environment marker its descendants inherit (Linux /proc).
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { listProcesses, PROC_AVAILABLE, readProcStat, type ProcStat } from '../storage/proc-stat.js';
import { killGroup } from './process-group.js';

/**
 * Every server child gets `TOOLGATE_TREE_<random>=1` in its environment; whatever it starts inherits it, also
 * processes that ran setsid, left the process group or were reparented to init after their parent (or the
 * gateway, kill -9) died. /proc/<pid>/environ shows it for the user's own processes, so a clean shutdown and the
 * next start's reaper find them all. Markers nest: a server that is itself toolgate (wrap) adds its own.
 * What it cannot catch: a descendant that clears its environment (env -i) and is then reparented away; and
 * without /proc (macOS, Windows) only the process group is signalled, so descendants that left it survive.
 */
export const TREE_MARKER_PREFIX = 'TOOLGATE_TREE_';

/** How long found processes get between SIGTERM and SIGKILL. */
export const DEFAULT_TREE_GRACE_MS = 1_500;
/** Found processes are checked this often while the grace runs. */
const POLL_MS = 50;

export interface TreeRoot {
  /** The server child; while it runs, processes below it (by parent pid) count too. */
  pid?: number;
  /** The random part of the marker variable. */
  token: string;
}

/** A fresh marker token (hex) for one child process. */
export function createTreeToken(): string {
  return randomBytes(12).toString('hex');
}

/** The environment entry that marks a tree, plus the markers of the trees this process belongs to (nesting). */
export function treeMarkerEnv(token: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(env).filter(([name]) => name.startsWith(TREE_MARKER_PREFIX)) as [string, string][],
  );
  return { ...inherited, [`${TREE_MARKER_PREFIX}${token}`]: '1' };
}

/** The marker tokens in a process's environment; empty when it cannot be read (another user's, gone). */
export function readTreeTokens(pid: number): string[] {
  let environ: string;
  try {
    environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return [];
  }
  const tokens: string[] = [];
  for (const entry of environ.split('\0')) {
    if (!entry.startsWith(TREE_MARKER_PREFIX)) continue;
    const equals = entry.indexOf('=');
    if (equals > TREE_MARKER_PREFIX.length) tokens.push(entry.slice(TREE_MARKER_PREFIX.length, equals));
  }
  return tokens;
}

/** The live processes of the trees with these tokens (this process never), each once. */
export function findTreeProcesses(roots: TreeRoot[], processes: ProcStat[] = listProcesses()): ProcStat[] {
  if (!PROC_AVAILABLE || roots.length === 0) return [];
  const tokens = new Set(roots.map((root) => root.token));
  const live = processes.filter((p) => p.state !== 'Z' && p.pid !== process.pid);
  const found = new Map<number, ProcStat>();
  for (const p of live) if (readTreeTokens(p.pid).some((token) => tokens.has(token))) found.set(p.pid, p);
  // Descendants by parent pid, for one that cleared its environment while its parent still runs.
  const byParent = new Map<number, ProcStat[]>();
  for (const p of live) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const queue = roots.flatMap((root) => (root.pid === undefined ? [] : (byParent.get(root.pid) ?? [])));
  for (let p = queue.shift(); p; p = queue.shift()) {
    if (found.has(p.pid)) continue;
    found.set(p.pid, p);
    queue.push(...(byParent.get(p.pid) ?? []));
  }
  return [...found.values()];
}

/** Sends `signal` to each process still the one found (same start time); returns those signalled. */
export function signalProcesses(targets: ProcStat[], signal: NodeJS.Signals): ProcStat[] {
  const signalled: ProcStat[] = [];
  for (const target of targets) {
    if (!isStillRunning(target)) continue;
    try {
      process.kill(target.pid, signal);
      signalled.push(target);
    } catch {
      /* gone meanwhile */
    }
  }
  return signalled;
}

/**
 * SIGTERM to every process of the trees, a bounded wait, then SIGKILL to the rest (found again, so what was
 * started meanwhile is caught too). Resolves with the pids that were signalled.
 */
export async function stopTrees(roots: TreeRoot[], graceMs = DEFAULT_TREE_GRACE_MS): Promise<number[]> {
  const first = signalProcesses(findTreeProcesses(roots), 'SIGTERM');
  if (first.length === 0) return [];
  await waitUntilGone(first, graceMs);
  const rest = signalProcesses(findTreeProcesses(roots), 'SIGKILL');
  return [...new Set([...first, ...rest].map((p) => p.pid))];
}

/** The process found is still running (same start time, not a zombie): a reused pid is never taken for it. */
export function isStillRunning(target: ProcStat): boolean {
  const now = readProcStat(target.pid);
  return now !== undefined && now.state !== 'Z' && now.startTime === target.startTime;
}

/**
 * Polls until every target has ended or `ms` have passed. The timers keep the process alive on purpose (the wait
 * is bounded): at shutdown nothing else may be left to, and the SIGKILL after it must still be sent.
 */
export async function waitUntilGone(targets: ProcStat[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && targets.some(isStillRunning))
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

/**
 * The tree of one spawned child: the marker for its environment, signals to all of it while it runs, and the
 * stop of what is left once it has exited. Shared by the gateway's servers and `toolgate wrap`'s child.
 */
export class ChildTree {
  readonly token = createTreeToken();
  private stopping: Promise<void> | undefined;

  constructor(private readonly graceMs = DEFAULT_TREE_GRACE_MS) {}

  /** `env` plus the marker every descendant inherits. */
  markEnv<T extends NodeJS.ProcessEnv>(env: T): T & Record<string, string> {
    return { ...env, ...treeMarkerEnv(this.token) };
  }

  /** Signals the child's group and every marked or descendant process (synchronous: usable in an exit hook). */
  signal(child: ChildProcess, signal: NodeJS.Signals): void {
    killGroup(child, signal);
    signalProcesses(
      findTreeProcesses([{ ...(child.pid === undefined ? {} : { pid: child.pid }), token: this.token }]),
      signal,
    );
  }

  /** Once the child has exited: SIGTERM what it left, wait, SIGKILL the rest. Idempotent; resolves when done. */
  stopLeftovers(): Promise<void> {
    this.stopping ??= stopTrees([{ token: this.token }], this.graceMs).then(() => undefined);
    return this.stopping;
  }
}
