// gateway.list_pending, gateway.cancel and per-server timeouts, through a real gateway subprocess.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
} from '../support/gateway-process.js';

interface Pending {
  pending: { id: string; tool_id: string; elapsed_ms: number; state: string }[];
}
interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; timeout_ms?: number; elapsed_ms?: number };
}

describe('pending calls and timeouts', () => {
  let gw: GatewayProcess;
  let cancelLog: string;

  beforeAll(async () => {
    const sandbox = createSandbox();
    cancelLog = path.join(sandbox.root, 'cancel.log');
    gw = await startGateway({
      sandbox,
      servers: {
        slow: fixture('slow-server.mjs', { FIXTURE_CANCEL_LOG: cancelLog }),
        brisk: { ...fixture('slow-server.mjs', { FIXTURE_CANCEL_LOG: cancelLog }), timeout_ms: 300 },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('lists an in-flight invoke, cancels it, ends the caller with CANCELLED and notifies the server', async () => {
    const call = gw.call('gateway_invoke', { tool_id: 'slow::sleep', arguments: { ms: 60_000 } });
    const running = async () =>
      (await gw.json<Pending>('gateway_list_pending')).pending.filter((p) => p.state === 'running');
    await expect.poll(running, { timeout: 20_000, interval: 100 }).toHaveLength(1);
    const listed = await running();
    const [entry] = listed;
    expect(entry).toMatchObject({ tool_id: 'slow::sleep', state: 'running' });
    expect(entry?.elapsed_ms).toBeGreaterThanOrEqual(0);

    const cancelled = await gw.json<{ cancelled: { id: string; tool_id: string } }>('gateway_cancel', {
      id: entry?.id,
    });
    expect(cancelled.cancelled).toMatchObject({ id: entry?.id, tool_id: 'slow::sleep' });
    // The cancel ends it: a minute of sleep (or the 30 s client timeout) is the only other way it could end.
    const result = await call;
    expect(result.isError).toBe(true);
    const { error } = result.structuredContent as unknown as ErrorAnswer;
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toContain('notifications/cancelled');
    expect(
      await waitFor(() => fs.existsSync(cancelLog) && fs.readFileSync(cancelLog, 'utf8').includes('cancelled'), 20_000),
    ).toBe(true);
    expect((await gw.json<Pending>('gateway_list_pending')).pending).toEqual([]);
  });

  it('answers an unknown call id with CALL_NOT_FOUND and a hint', async () => {
    const result = await gw.call('gateway_cancel', { id: 'call_000000000000' });
    const { error } = result.structuredContent as unknown as ErrorAnswer;
    expect(error.code).toBe('CALL_NOT_FOUND');
    expect(error.hint).toContain('list_pending');
  });

  it("applies a server entry's timeout_ms when the call names none, and the call's own when it does", async () => {
    const timedOut = await gw.call('gateway_invoke', {
      tool_id: 'brisk::sleep',
      arguments: { ms: 60_000, quiet: true },
    });
    const { error } = timedOut.structuredContent as unknown as ErrorAnswer;
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
    expect(error.timeout_ms).toBe(300);
    expect(error.elapsed_ms).toBeGreaterThanOrEqual(290);
    // A second of silence: past the server's 300 ms, far inside the call's own 20 s.
    const longer = await gw.call('gateway_invoke', {
      tool_id: 'brisk::sleep',
      arguments: { ms: 1_000, quiet: true },
      timeout_ms: 20_000,
    });
    expect(textOf(longer)).toBe('slept 1000');
  });
});
