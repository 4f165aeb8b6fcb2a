// Child processes of a conformance run: each in its own process group, so that stopping it also stops
// whatever it spawned (toolgate's downstream clients, the suite's client commands). Everything started
// is tracked, and killAllNow() stops whatever is left on any way out.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

/** From spawning a server until it answers over HTTP. */
export const STARTUP_TIMEOUT_MS = 30_000;
/** Between SIGTERM and SIGKILL when stopping a process group. */
const STOP_GRACE_MS = 3_000;
/** How often start-up probes are retried. */
const PROBE_INTERVAL_MS = 100;
/** How much of a process's output is kept in memory to explain a failure (the log file has it all). */
const OUTPUT_TAIL_CHARS = 20_000;

const children = new Set();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** For races against a deadline: an unref'd timer does not keep the process alive after the winner. */
export const timeout = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export const indent = (text) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

export function startProcess(label, command, args, { cwd, env = process.env, logFile } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const record = { label, child, exited: false, exitCode: null, signal: null, output: '' };
  children.add(record);
  const log = logFile ? createWriteStream(logFile) : undefined;
  const collect = (chunk) => {
    record.output = (record.output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    log?.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // 'close' comes after 'exit' once the child's output is drained, so the log is complete then.
  record.done = new Promise((resolve) => {
    const finish = (code, signal) => {
      Object.assign(record, { exited: true, exitCode: code, signal });
      log?.end();
      resolve();
    };
    child.on('error', (error) => {
      record.output += `\n${error.message}`;
      finish(null, null);
    });
    child.on('exit', (code, signal) => {
      Object.assign(record, { exited: true, exitCode: code, signal });
    });
    child.on('close', finish);
  });
  return record;
}

function signalGroup(record, signal) {
  if (record.child.pid === undefined) return;
  try {
    process.kill(-record.child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export async function stopProcess(record) {
  if (!children.has(record)) return;
  signalGroup(record, 'SIGTERM');
  const stopped = await Promise.race([record.done.then(() => true), timeout(STOP_GRACE_MS).then(() => false)]);
  // Also when the leader exited: its children may still hold the group.
  signalGroup(record, 'SIGKILL');
  if (!stopped) await Promise.race([record.done, timeout(STOP_GRACE_MS)]);
  children.delete(record);
}

/** Waits for a process to end by itself within `ms`; stops it otherwise. Resolves to whether it ended. */
export async function waitForExit(record, ms) {
  const finished = await Promise.race([record.done.then(() => true), timeout(ms).then(() => false)]);
  await stopProcess(record);
  return finished;
}

export function killAllNow() {
  for (const record of children) {
    signalGroup(record, 'SIGTERM');
    signalGroup(record, 'SIGKILL');
  }
  children.clear();
}

/** A port that was free a moment ago (the OS picks it; there is a small race, accepted). */
export async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** One GET; resolves to the status code, or undefined when nothing answers. */
function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(
      url,
      { agent: false, timeout: 2_000, headers: { accept: 'application/json, text/event-stream' } },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** Polls `url` until `accept(status)` holds; fails early when the process dies. */
export async function waitForHttp(record, url, accept, what) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (record.exited) {
      throw new Error(
        `${what} exited during start-up (code ${record.exitCode}, signal ${record.signal}):\n${indent(record.output.trim())}`,
      );
    }
    const status = await httpStatus(url);
    if (status !== undefined && accept(status)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not answer ${url} within ${STARTUP_TIMEOUT_MS} ms (last status: ${status ?? 'none'}):\n${indent(record.output.trim())}`,
      );
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}
