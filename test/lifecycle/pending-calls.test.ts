// The pending-call registry: per-session isolation, cancellation by id, by session, and by the caller.
import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../../src/errors/index.js';
import { PendingCalls } from '../../src/gateway/pending-calls.js';

describe('PendingCalls', () => {
  it('lists only the calls of the asking session, with id, tool_id, elapsed time and state', () => {
    const pending = new PendingCalls();
    const mine = pending.begin('session-a', 'slow::sleep');
    pending.begin('session-b', 'many::echo');
    mine.markRunning();
    const listed = pending.list('session-a');
    expect(listed).toEqual([{ id: mine.id, tool_id: 'slow::sleep', elapsed_ms: expect.any(Number), state: 'running' }]);
    expect(pending.list('session-c')).toEqual([]);
  });

  it('cancels a call by id: its signal aborts with a CANCELLED GatewayError and it shows as cancelling', () => {
    const pending = new PendingCalls();
    const call = pending.begin('s', 'slow::sleep');
    call.markRunning();
    const info = pending.cancel('s', call.id);
    expect(info.state).toBe('cancelling');
    expect(call.signal.aborted).toBe(true);
    const reason = call.signal.reason as GatewayError;
    expect(reason.code).toBe('CANCELLED');
    expect(reason.message).toContain('notifications/cancelled');
  });

  it('says a call cancelled before it was sent never reached the server', () => {
    const pending = new PendingCalls();
    const call = pending.begin('s', 'slow::sleep');
    pending.cancel('s', call.id);
    expect((call.signal.reason as GatewayError).message).toContain('before it reached the server');
  });

  it("answers another session's id exactly like an unknown one", () => {
    const pending = new PendingCalls();
    const theirs = pending.begin('session-b', 'many::echo');
    for (const id of [theirs.id, 'call_nope']) {
      let error: unknown;
      try {
        pending.cancel('session-a', id);
      } catch (caught) {
        error = caught;
      }
      expect((error as GatewayError).code).toBe('CALL_NOT_FOUND');
    }
    expect(theirs.signal.aborted).toBe(false);
  });

  it('cancels every call of an ended session and leaves the others alone', () => {
    const pending = new PendingCalls();
    const a1 = pending.begin('a', 'x::one');
    const a2 = pending.begin('a', 'x::two');
    const b = pending.begin('b', 'x::three');
    expect(pending.cancelSession('a')).toBe(2);
    expect([a1.signal.aborted, a2.signal.aborted, b.signal.aborted]).toEqual([true, true, false]);
  });

  it("follows the caller's own cancellation, and forgets a call once it ends", () => {
    const pending = new PendingCalls();
    const upstream = new AbortController();
    const call = pending.begin('s', 'slow::sleep', upstream.signal);
    upstream.abort();
    expect(call.signal.aborted).toBe(true);
    call.end();
    expect(pending.size).toBe(0);
    expect(pending.list('s')).toEqual([]);
  });

  it('gives ids that do not reveal how many calls other sessions made', () => {
    const pending = new PendingCalls();
    const ids = new Set(Array.from({ length: 50 }, () => pending.begin('s', 'x::y').id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^call_[0-9a-f]{12}$/);
  });
});
