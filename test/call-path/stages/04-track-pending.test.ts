import { describe, expect, it } from 'vitest';
import { trackPending } from '../../../src/call-path/stages/04-track-pending.js';
import { GatewayError } from '../../../src/errors/index.js';
import { PendingCalls } from '../../../src/gateway/pending-calls.js';
import { OK, receivedCall } from '../stage-harness.js';

describe('stage 4: track pending', () => {
  it('lists the call while it runs, marks it running when it is forwarded, and forgets it after', async () => {
    const pending = new PendingCalls();
    const states: string[] = [];
    const result = await trackPending(pending.registry).run(receivedCall(), async (call) => {
      states.push(
        pending
          .list('s1')
          .map((info) => info.state)
          .join(),
      );
      call.onForward();
      states.push(
        pending
          .list('s1')
          .map((info) => info.state)
          .join(),
      );
      return OK;
    });
    expect(result).toBe(OK);
    expect(states).toEqual(['starting', 'running']);
    expect(pending.list('s1')).toEqual([]);
  });

  it('answers a cancelled call at once with the abort reason, while the rest of the chain still waits', async () => {
    const pending = new PendingCalls();
    const upstream = new AbortController();
    const never = new Promise<never>(() => {});
    const run = trackPending(pending.registry).run(
      receivedCall({ context: { signal: upstream.signal, sessionId: 's1' } }),
      (call) => {
        expect(call.context.signal).not.toBe(upstream.signal);
        return never;
      },
    );
    upstream.abort(new Error('client cancelled'));
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pending.list('s1')).toEqual([]);
  });

  it('stops a call its registry refuses (wrap: an id already in flight) before the rest of the chain', async () => {
    const refusal = new GatewayError('USAGE', 'id in flight');
    let reached = false;
    const run = trackPending({
      begin: () => {
        throw refusal;
      },
    }).run(receivedCall(), async () => ((reached = true), OK));
    await expect(run).rejects.toBe(refusal);
    expect(reached).toBe(false);
  });
});
