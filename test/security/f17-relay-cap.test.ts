// F17: a server's sampling and elicitation requests during one call are relayed up to a cap; past it the server gets an error.
import { describe, expect, it } from 'vitest';
import { MAX_RELAYED_REQUESTS_PER_CALL } from '../../src/downstream/upstream-relay.js';
import { answeringRelay, callJson, useHostileConnections, type AskOutcome } from './hostile-connection.js';

const connect = useHostileConnections();

describe('F17: relay cap per call', () => {
  it.each(['elicitation', 'sampling'])(
    'relays at most MAX_RELAYED_REQUESTS_PER_CALL of 1,000 %s requests in a loop',
    async (method) => {
      const connection = connect();
      const session = answeringRelay('session-a');
      const outcome = await callJson<AskOutcome>(connection, 'ask', { count: 1_000, method }, session);
      expect(session.asked).toBe(MAX_RELAYED_REQUESTS_PER_CALL);
      expect(outcome.ok).toBe(MAX_RELAYED_REQUESTS_PER_CALL);
      expect(outcome.errors).toBe(1_000 - MAX_RELAYED_REQUESTS_PER_CALL);
      expect(outcome.first_error).toContain(`at most ${MAX_RELAYED_REQUESTS_PER_CALL}`);
    },
  );

  it('gives the next call a fresh allowance', async () => {
    const connection = connect();
    const session = answeringRelay('session-a');
    await callJson<AskOutcome>(connection, 'ask', { count: MAX_RELAYED_REQUESTS_PER_CALL + 1 }, session);
    expect(await callJson<AskOutcome>(connection, 'ask', { count: 1 }, session)).toMatchObject({ ok: 1, errors: 0 });
  });
});
