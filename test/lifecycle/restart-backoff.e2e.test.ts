// Restart backoff of a server that keeps failing at start, as docs/lifecycle.md promises it: 0.5 s after the first
// failure, doubling per failure in a row; a call waits out a backoff of at most 2 s, a longer one fails at once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureStarts, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}
interface LastError {
  message: string;
  at: string;
  exitCode?: number;
  stderr?: string[];
  failures?: number;
  nextRetryAt?: string;
}
interface Health {
  servers: { name: string; state: string; last_error?: LastError }[];
}

describe('restart backoff of a server that exits at once, every time', () => {
  let gw: GatewayProcess;
  const invokeBroken = async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'broken::anything' });
    return { error: (result.structuredContent as unknown as ErrorAnswer).error };
  };
  /** The gateway's own word that a call arrived during a backoff and waited it out (wait_ms each). */
  const backoffWaits = () =>
    fs
      .readFileSync(path.join(gw.sandbox.toolgateHome, 'logs', 'toolgate.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"server":"broken"') && line.includes('waiting out the restart backoff'))
      .map((line) => (JSON.parse(line) as { wait_ms: number }).wait_ms);
  const lastError = async (): Promise<LastError> => {
    const broken = (await gw.json<Health>('gateway_health')).servers.find((server) => server.name === 'broken');
    expect(broken?.state).toBe('failed');
    return broken?.last_error as LastError;
  };
  const backoffMs = (failure: LastError) => Date.parse(failure.nextRetryAt ?? '') - Date.parse(failure.at);

  beforeAll(async () => {
    gw = await startGateway({ servers: { broken: fixture('exit-at-once.mjs'), fine: fixture('echo-server.mjs') } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('fails the first call with DOWNSTREAM_UNAVAILABLE naming the exit code and the last stderr line', async () => {
    const { error } = await invokeBroken();
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('Server "broken" exited with code 1 during start-up');
    expect(error.message).toContain('fatal: missing config');
    const failure = await lastError();
    expect(failure).toMatchObject({ exitCode: 1, failures: 1 });
    expect(failure.stderr).toContain('fatal: missing config');
    expect(backoffMs(failure)).toBe(500);
    expect(fixtureStarts(gw.sandbox, 'exit-at-once')).toBe(1);
  });

  it('makes a call that arrives during a backoff of at most 2 s wait for it, and doubles the backoff per failure', async () => {
    let previous = await lastError();
    for (const [failures, expectedBackoff] of [
      [2, 1_000],
      [3, 2_000],
      [4, 4_000],
    ] as const) {
      const { error } = await invokeBroken();
      expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
      expect(error.message).toContain('exited with code 1 during start-up');
      const failure = await lastError();
      // It tried again (a new process), never before the retry time the previous failure named, and failed again.
      expect(Date.parse(failure.at)).toBeGreaterThanOrEqual(Date.parse(previous.nextRetryAt ?? ''));
      expect(failure.failures).toBe(failures);
      expect(backoffMs(failure)).toBe(expectedBackoff);
      expect(fixtureStarts(gw.sandbox, 'exit-at-once')).toBe(failures);
      previous = failure;
    }
    // The gateway logged each call that arrived during a backoff and waited for it: at least the one that met the 2 s
    // backoff did (a loaded machine may reach the shorter ones after they ended; those then start at once).
    const waits = backoffWaits();
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const waitMs of waits) expect(waitMs).toBeLessThanOrEqual(2_000);
  });

  it('fails a call during a backoff longer than 2 s at once, naming the retry time, without starting the server', async () => {
    const failure = await lastError();
    expect(backoffMs(failure)).toBe(4_000);
    const waitsBefore = backoffWaits().length;
    const { error } = await invokeBroken();
    // At once: the gateway did not wait (no such log line) and started nothing (the counts below).
    expect(backoffWaits()).toHaveLength(waitsBefore);
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('exited with code 1 during start-up');
    const retryAt = /restarts no sooner than (\S+) \(in (\d+) s; backoff after 4 failures in a row\)/.exec(
      error.message,
    );
    expect(retryAt, error.message).not.toBeNull();
    // The time named is the one health shows (the message computes it from the remaining wait: same to the ms, give or take a tick).
    expect(Math.abs(Date.parse(retryAt?.[1] ?? '') - Date.parse(failure.nextRetryAt ?? ''))).toBeLessThan(50);
    expect(Number(retryAt?.[2])).toBeGreaterThan(2);
    expect(error.hint).toContain('gateway_refresh');
    expect(fixtureStarts(gw.sandbox, 'exit-at-once')).toBe(4);
    expect(await lastError()).toEqual(failure);
    // The other server is unaffected.
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'fine::echo', arguments: { text: 'still fine' } }))).toBe(
      'still fine',
    );
  });
});
