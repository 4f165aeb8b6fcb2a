// Which failed calls the gateway sends again, once, on a fresh connection: those that cannot repeat an effect.
// Real processes: a stdio server that dies mid-call, and a remote server that was stopped and started again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  fixtureStarts,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
} from '../support/gateway-process.js';
import { startRemote, type RemoteProcess } from './remote-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}
const errorOf = (result: { structuredContent?: unknown }) => (result.structuredContent as unknown as ErrorAnswer).error;
const linesOf = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

describe('a stdio server that dies in the middle of a call', () => {
  let gw: GatewayProcess;
  let effects: string;

  beforeAll(async () => {
    const sandbox = createSandbox();
    effects = path.join(sandbox.root, 'effects.log');
    const markers = path.join(sandbox.root, 'markers');
    fs.mkdirSync(markers);
    gw = await startGateway({
      sandbox,
      servers: { fx: fixture('effect-server.mjs', { FIXTURE_EFFECT_LOG: effects, FIXTURE_MARKER_DIR: markers }) },
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('retries a tool annotated idempotentHint only (not readOnlyHint) once on a fresh server, and the call succeeds', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'fx::record_idempotent', arguments: { label: 'a' } });
    expect(result.isError).toBeFalsy();
    const done = /^record_idempotent done by (\d+)$/.exec(textOf(result));
    expect(done, textOf(result)).not.toBeNull();
    // Two processes, two runs of the effect: the first died under the call, the second answered it.
    expect(fixtureStarts(gw.sandbox, 'effects')).toBe(2);
    const runs = linesOf(effects);
    expect(runs).toHaveLength(2);
    expect(runs.every((line) => line.startsWith('record_idempotent a '))).toBe(true);
    expect(runs[0]).not.toBe(runs[1]);
    expect(runs[1]).toBe(`record_idempotent a ${done?.[1]}`);
  });

  it('does not retry a tool without such annotations: DOWNSTREAM_UNAVAILABLE, and its effect happened exactly once', async () => {
    fs.rmSync(effects, { force: true });
    const startsBefore = fixtureStarts(gw.sandbox, 'effects');
    // At once: the answer names the exit (a call left to its 60 s timeout would end as DOWNSTREAM_TIMEOUT).
    const result = await gw.call('gateway_invoke', { tool_id: 'fx::record_plain', arguments: { label: 'b' } });
    const error = errorOf(result);
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('Server "fx" exited with code 3 while fx::record_plain was running');
    expect(error.message).toContain('record_plain: crashing on purpose');
    expect(error.hint).toContain('not retried');
    // A retry happens inside the call, before its answer (server-connection callTool): after the answer none can follow.
    expect(linesOf(effects)).toEqual([expect.stringMatching(/^record_plain b \d+$/)]);
    expect(fixtureStarts(gw.sandbox, 'effects')).toBe(startsBefore);
  });
});

describe('a remote server that was stopped and started again on the same port', () => {
  let gw: GatewayProcess;
  let effects: string;
  const remotes: RemoteProcess[] = [];

  beforeAll(async () => {
    const sandbox = createSandbox();
    effects = path.join(sandbox.root, 'effects.log');
    remotes.push(await startRemote({ env: { FIXTURE_EFFECT_LOG: effects } }));
    gw = await startGateway({
      sandbox,
      servers: { far: { type: 'http', url: `http://127.0.0.1:${remotes[0]?.port}/mcp` } },
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
    for (const remote of remotes) await remote.kill();
  });

  it('sends a call refused by the stopped server again once it is back, and the call succeeds', async () => {
    const first = remotes[0] as RemoteProcess;
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'far::hello', arguments: { label: 'before' } }))).toBe(
      `hello from ${first.pid}`,
    );
    await first.kill();
    // The replacement is up (modules loaded) but opens the port only when told: after the first attempt was refused.
    const second = await startRemote({ port: first.port, waitForListen: true, env: { FIXTURE_EFFECT_LOG: effects } });
    remotes.push(second);
    const pending = gw.call('gateway_invoke', { tool_id: 'far::hello', arguments: { label: 'after' } });
    // The gateway logs the retry before it waits out the 0.5 s backoff that follows the failed attempt.
    const log = path.join(gw.sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
    const retrying = () =>
      linesOf(log).some(
        (line) =>
          line.includes('"server":"far"') &&
          line.includes('retrying a call on a fresh connection') &&
          line.includes('not delivered'),
      );
    expect(await waitFor(retrying, 20_000, 10), linesOf(log).slice(-5).join('\n')).toBe(true);
    await second.listen();
    const result = await pending;
    expect(result.isError, JSON.stringify(result.structuredContent)).toBeFalsy();
    expect(textOf(result)).toBe(`hello from ${second.pid}`);
    // The refused attempt never ran anywhere: one run before the stop, one after.
    expect(linesOf(effects)).toEqual([`hello before ${first.pid}`, `hello after ${second.pid}`]);
  });
});
