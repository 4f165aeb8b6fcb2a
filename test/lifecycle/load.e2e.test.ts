// Load: 200 concurrent invokes across 10 cold servers all complete, each server started once.
import { describe, expect, it } from 'vitest';
import { fixture, fixtureStarts, startGateway, textOf } from '../support/gateway-process.js';

const SERVERS = 10;
const CALLS = 200;

describe('load', () => {
  it(`completes ${CALLS} concurrent invokes across ${SERVERS} servers, starting each server once`, async () => {
    const servers = Object.fromEntries(
      Array.from({ length: SERVERS }, (_, i) => [`s${i}`, fixture('echo-server.mjs')]),
    );
    const gw = await startGateway({ servers });
    try {
      const results = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          gw.call('gateway_invoke', { tool_id: `s${i % SERVERS}::echo`, arguments: { text: `call ${i}` } }),
        ),
      );
      expect(results.filter((result) => result.isError)).toEqual([]);
      expect(results.map(textOf)).toEqual(Array.from({ length: CALLS }, (_, i) => `call ${i}`));
      expect(fixtureStarts(gw.sandbox, 'echo')).toBe(SERVERS);
      expect((await gw.json<{ pending: unknown[] }>('gateway_list_pending')).pending).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});
