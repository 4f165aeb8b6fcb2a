import { describe, expect, it } from 'vitest';
import { refuseDeepArguments } from '../../../src/call-path/stages/03-refuse-deep-arguments.js';
import { GatewayError } from '../../../src/errors/index.js';
import { cutJson, MAX_JSON_DEPTH } from '../../../src/wire/json-depth.js';
import { receivedCall, runStage } from '../stage-harness.js';

describe('stage 3: refuse deep arguments', () => {
  it('passes ordinary arguments on', async () => {
    const run = await runStage(refuseDeepArguments(), receivedCall());
    expect(run.passed?.arguments).toEqual({ text: 'hi' });
  });

  it('refuses arguments the wire edge cut for nesting too deep, as INVALID_ARGUMENTS, before the rest of the chain', async () => {
    let nested: unknown = 1;
    for (let level = 0; level <= MAX_JSON_DEPTH; level += 1) nested = [nested];
    const args = cutJson({ a: nested }) as Record<string, unknown>;
    const run = runStage(refuseDeepArguments(), receivedCall({ arguments: args }));
    await expect(run).rejects.toBeInstanceOf(GatewayError);
    await expect(run).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
  });
});
