// Which process listens on a TCP port, read from /proc (Linux): only the user's own processes can be told.
import fs from 'node:fs';
import os from 'node:os';
import { resolvePaths } from '../config/paths.js';
import { PROC_AVAILABLE } from '../storage/proc-stat.js';

export interface PortOwner {
  pid: number;
  /** The command line, space-joined and cut to MAX_COMMAND_CHARS. */
  command: string;
}

/** /proc/net/tcp's state code of a listening socket. */
const TCP_LISTEN = '0A';
/** A command line is quoted in one finding: long argument lists are cut. */
const MAX_COMMAND_CHARS = 160;
/** /proc/<pid>/environ is read only for toolgate processes; a larger one is not read. */
const MAX_ENVIRON_BYTES = 1024 * 1024;

/** The user's own process listening on `port` (any address), or undefined when none can be seen. */
export function findPortOwner(port: number, uid = process.getuid?.()): PortOwner | undefined {
  if (!PROC_AVAILABLE || uid === undefined) return undefined;
  const inodes = listeningInodes(port, uid);
  if (inodes.size === 0) return undefined;
  const pid = pidHoldingSocket(inodes);
  if (pid === undefined) return undefined;
  return { pid, command: readNullSeparated(`/proc/${pid}/cmdline`).join(' ').slice(0, MAX_COMMAND_CHARS) };
}

/** The inodes of sockets of `uid` listening on `port`, from /proc/net/tcp and tcp6. */
function listeningInodes(port: number, uid: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== TCP_LISTEN) continue;
      if (fields[1]!.split(':').pop() !== hexPort || Number(fields[7]) !== uid) continue;
      inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** The first process whose open files include one of these sockets; others' fd folders cannot be read. */
function pidHoldingSocket(inodes: Set<string>): number | undefined {
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (wanted.has(fs.readlinkSync(`/proc/${entry}/fd/${fd}`))) return Number(entry);
      } catch {
        // The fd closed while we looked.
      }
    }
  }
  return undefined;
}

function readNullSeparated(file: string, maxBytes = MAX_ENVIRON_BYTES): string[] {
  try {
    const data = fs.readFileSync(file);
    if (data.length > maxBytes) return [];
    return data.toString('utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The TOOLGATE_HOME a toolgate process uses, from its own environment; undefined when it cannot be read. */
export function toolgateHomeOf(pid: number): string | undefined {
  const pairs = readNullSeparated(`/proc/${pid}/environ`);
  if (pairs.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return resolvePaths(env, env.HOME ?? os.homedir()).home;
}
