// F11: the whole process tree of a server is stopped, including descendants that ignore SIGTERM, left the group or
// started a session of their own (setsid), on a clean shutdown and, after a kill -9 of the gateway, at the next start.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  isAlive,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';
import { readProcStat } from '../../src/storage/proc-stat.js';

/** A sandbox whose user server list (TOOLGATE_HOME/servers.json, trusted like the user's own) runs the hostile fixture. */
function sandboxWithServer(): Sandbox {
  const sandbox = createSandbox();
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  const servers = { tree: fixture('hostile-server.mjs', { FIXTURE_NAME: 'tree', FIXTURE_PID_DIR: sandbox.pidDir }) };
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify({ mcpServers: servers }), {
    mode: 0o600,
  });
  return sandbox;
}

/** Starts, through the server, one SIGTERM-ignoring process in its group and one in a new session; returns their pids. */
async function spawnStubborn(gw: GatewayProcess): Promise<number[]> {
  const pids: number[] = [];
  for (const detached of [false, true]) {
    pids.push(
      Number(textOf(await gw.call('gateway_invoke', { tool_id: 'tree::spawn_stubborn', arguments: { detached } }))),
    );
  }
  expect(pids.every((pid) => Number.isInteger(pid) && pid > 0)).toBe(true);
  // The premise: one stayed in the server's group, one left it (a session and group of its own).
  const [inGroup, setsid] = pids.map((pid) => readProcStat(pid));
  expect(inGroup?.pgid).not.toBe(inGroup?.pid);
  expect(setsid?.pgid).toBe(setsid?.pid);
  return pids;
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

describe.runIf(process.platform === 'linux')('F11: a server process tree', () => {
  it('leaves no descendant of a server alive after a clean shutdown, even ones that ignore SIGTERM or ran setsid', async () => {
    const sandbox = sandboxWithServer();
    const gw = await startGateway({ sandbox });
    let pids: number[] = [];
    try {
      pids = await spawnStubborn(gw);
      expect(pids.every(isAlive)).toBe(true);
      await gw.close();
      expect(await waitFor(() => pids.every((pid) => !isAlive(pid)), 15_000)).toBe(true);
    } finally {
      killAll(pids);
      await gw.client.close().catch(() => undefined);
      sandbox.remove();
    }
  });

  it('stops them at the next start after a kill -9 of the gateway', async () => {
    const sandbox = sandboxWithServer();
    const first = await startGateway({ sandbox });
    let second: GatewayProcess | undefined;
    let pids: number[] = [];
    try {
      pids = await spawnStubborn(first);
      const server = readProcStat(pids[0]!)?.ppid;
      process.kill(first.pid, 'SIGKILL');
      // The server sees stdin end and exits; what it started lives on.
      expect(await waitFor(() => server === undefined || !isAlive(server), 15_000)).toBe(true);
      expect(pids.every(isAlive)).toBe(true);
      second = await startGateway({ sandbox });
      expect(await waitFor(() => pids.every((pid) => !isAlive(pid)), 15_000)).toBe(true);
    } finally {
      killAll(pids);
      await first.client.close().catch(() => undefined);
      await second?.close();
      sandbox.remove();
    }
  });
});
