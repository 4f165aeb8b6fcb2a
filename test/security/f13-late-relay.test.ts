// F13: a server's request arriving after the call that caused it ended is not relayed to another session's running call.
import { describe, expect, it } from 'vitest';
import { answeringRelay, callJson, useHostileConnections, type AskOutcome } from './hostile-connection.js';

const connect = useHostileConnections();

describe('F13: late relayed requests', () => {
  it("refuses session A's late elicitation that arrives while only session B's call runs, and B's user never sees it", async () => {
    const connection = connect();
    const a = answeringRelay('session-a');
    const b = answeringRelay('session-b');
    expect(
      (await connection.callTool({ name: 'ask_later', arguments: {} }, { timeoutMs: 60_000, relay: a })).content,
    ).toEqual([{ type: 'text', text: 'armed' }]);
    // A's call is over; the server now asks, while B's call runs.
    const outcome = await callJson<AskOutcome>(connection, 'hold', {}, b);
    expect(b.asked).toBe(0);
    expect(a.asked).toBe(0);
    expect(outcome).toMatchObject({ ok: 0, errors: 1 });
    expect(outcome.first_error).toContain('cannot tell which');
  });

  it("refuses it too when the two sessions' clients have different names", async () => {
    const connection = connect();
    const a = { ...answeringRelay('session-a'), client: 'claude-code' };
    const b = { ...answeringRelay('session-b'), client: 'cursor' };
    expect(
      (await connection.callTool({ name: 'ask_later', arguments: {} }, { timeoutMs: 60_000, relay: a })).content,
    ).toEqual([{ type: 'text', text: 'armed' }]);
    expect(await callJson<AskOutcome>(connection, 'hold', {}, b)).toMatchObject({ ok: 0, errors: 1 });
  });

  it("relays a session's request while an earlier session of the same client has ended its calls (one client, sessions one after another)", async () => {
    const connection = connect();
    const first = answeringRelay('session-1');
    const second = Object.assign(answeringRelay('session-2'), { client: 'conformance-test-client' });
    Object.assign(first, { client: 'conformance-test-client' });
    expect(await callJson<AskOutcome>(connection, 'ask', { count: 1 }, first)).toMatchObject({ ok: 1, errors: 0 });
    expect(await callJson<AskOutcome>(connection, 'ask', { count: 1 }, second)).toMatchObject({ ok: 1, errors: 0 });
    expect(second.asked).toBe(1);
  });

  it("still relays a session's own request during its call, and after its own earlier calls", async () => {
    const connection = connect();
    const a = answeringRelay('session-a');
    expect(await callJson<AskOutcome>(connection, 'ask', { count: 1 }, a)).toMatchObject({ ok: 1, errors: 0 });
    expect(await callJson<AskOutcome>(connection, 'ask', { count: 2 }, a)).toMatchObject({ ok: 2, errors: 0 });
    expect(a.asked).toBe(3);
  });

  it('withdraws a relayed request from the session once the call that caused it has ended', async () => {
    const connection = connect();
    let signal: AbortSignal | undefined;
    const relay = {
      session: 'session-a',
      request: (_method: string, _params: Record<string, unknown>, options: { signal: AbortSignal }) => {
        signal = options.signal;
        // The user never answers.
        return new Promise<Record<string, unknown>>(() => undefined);
      },
    };
    const controller = new AbortController();
    const call = connection.callTool(
      { name: 'ask', arguments: { count: 1 } },
      { timeoutMs: 60_000, relay, signal: controller.signal },
    );
    while (!signal) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(false);
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(signal.aborted).toBe(true);
  });
});
