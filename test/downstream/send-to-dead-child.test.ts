// A send waiting for a full pipe to drain settles when the child dies instead: the request was not delivered.
import { afterEach, describe, expect, it } from 'vitest';
import { ChildProcessTransport } from '../../src/downstream/child-process-transport.js';
import { NotDeliveredError } from '../../src/downstream/delivery-error.js';

const transports: ChildProcessTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
});

describe('ChildProcessTransport.send', () => {
  it('rejects with NotDeliveredError when the child exits before reading a request that filled the pipe', async () => {
    // Never reads stdin, so the pipe fills; exits a moment later.
    const transport = new ChildProcessTransport({
      command: process.execPath,
      args: ['-e', 'setTimeout(() => process.exit(0), 300)'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    transports.push(transport);
    await transport.start();
    const big = {
      jsonrpc: '2.0' as const,
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text: 'x'.repeat(4 * 1024 * 1024) } },
    };
    const sent = transport.send(big).then(
      () => 'delivered',
      (error: unknown) => error,
    );
    const outcome = await Promise.race([
      sent,
      new Promise((resolve) => setTimeout(() => resolve('never settled'), 5_000)),
    ]);
    expect(outcome).toBeInstanceOf(NotDeliveredError);
  });
});
