import { describe, expect, it } from 'vitest';
import type { Found } from '../../../src/call-path/call-chain.js';
import { validateArguments } from '../../../src/call-path/stages/10-validate-arguments.js';
import { ArgumentValidator } from '../../../src/gates/argument-validator.js';
import { gatedCall, runStage } from '../stage-harness.js';

function foundCall(args: Record<string, unknown>) {
  const definition = {
    name: 'echo',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  };
  return { ...gatedCall({ arguments: args }), connection: {}, definition } as unknown as ReturnType<typeof gatedCall> &
    Found;
}

describe('stage 10: validate arguments', () => {
  it('hands on arguments that match the inputSchema', async () => {
    const run = await runStage(validateArguments(new ArgumentValidator()), foundCall({ text: 'hi' }));
    expect(run.passed).toBeDefined();
  });

  it('refuses arguments that do not match, naming the field, before the rest of the chain', async () => {
    const run = runStage(validateArguments(new ArgumentValidator()), foundCall({ text: 3 }));
    await expect(run).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS', message: expect.stringContaining('text') });
  });
});
