// 1,200 random and malformed meta-tool calls over one real stdio session: every one gets a correct answer,
// and the gateway never crashes. Seeded, so a failure reproduces: FUZZ_SEED=<n> npx vitest run test/fuzz
// Prototypes are checked by meta-tool-fuzz-in-process.test.ts (same cases, same composition root, in this
// process). From outside, only pollution that breaks answers shows up: an enumerable Object.prototype key
// breaks the SDK's message handling, so the calls after the fuzz fail; a non-enumerable one goes unseen here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, isAlive, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';
import { CALLS, SEED, runFuzz } from './fuzz-cases.js';

describe('meta-tool fuzzing over a real stdio session', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    gw = await startGateway({ servers: { many: fixture('many-tools-server.mjs'), echo: fixture('echo-server.mjs') } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it(`answers ${CALLS} random and malformed calls correctly and never crashes (seed ${SEED})`, async () => {
    const codes = await runFuzz(gw.client, (done) => {
      if (done % 200 === 0) expect(isAlive(gw.pid)).toBe(true);
    });
    // Still the same healthy process, still serving real calls.
    expect(isAlive(gw.pid)).toBe(true);
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'after fuzz' } }))).toBe(
      'after fuzz',
    );
    expect((await gw.json<{ status: string }>('gateway_health')).status).toBe('ok');
    expect(gw.stderr()).not.toMatch(/unhandled|TypeError|RangeError/i);
    expect(codes.get('INVALID_ARGUMENTS')).toBeGreaterThan(100);
    expect(codes.get('TOOL_NOT_FOUND')).toBeGreaterThan(50);
  });
});
