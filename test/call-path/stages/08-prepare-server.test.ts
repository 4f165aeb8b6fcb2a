import { describe, expect, it } from 'vitest';
import { prepareServer } from '../../../src/call-path/stages/08-prepare-server.js';
import { GatewayError } from '../../../src/errors/index.js';
import { gatedCall, OK, runStage } from '../stage-harness.js';

describe('stage 8: prepare server', () => {
  it('asks to prepare the resolved server and tool, then hands the call on', async () => {
    const asked: string[] = [];
    const run = await runStage(
      prepareServer(async (server, tool) => void asked.push(`${server}::${tool}`)),
      gatedCall(),
    );
    expect(asked).toEqual(['srv::echo']);
    expect(run.passed).toBeDefined();
  });

  it('stops the call with the error of a server that cannot be prepared', async () => {
    const refusal = new GatewayError('SERVER_NOT_INSTALLED', 'not installed');
    const run = runStage(
      prepareServer(async () => {
        throw refusal;
      }),
      gatedCall(),
    );
    await expect(run).rejects.toBe(refusal);
  });

  it('hands the call on in the same tick when there is nothing to prepare (wrap keeps its message order)', () => {
    let reached = false;
    void prepareServer(() => undefined).run(gatedCall(), async () => ((reached = true), OK));
    expect(reached).toBe(true);
  });
});
