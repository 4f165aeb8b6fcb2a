import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/call-path/stages/05-resolve-target.js';
import { parseToolId } from '../../../src/gateway/tool-id.js';
import { OK, receivedCall, runStage } from '../stage-harness.js';

describe('stage 5: resolve target', () => {
  it('splits the tool id into server and tool for the stages after it', async () => {
    const run = await runStage(resolveTarget(parseToolId), receivedCall({ toolId: 'github::create_issue' }));
    expect(run.passed).toMatchObject({ server: 'github', tool: 'create_issue' });
  });

  it('throws the parser error for a malformed id, before the rest of the chain', async () => {
    const run = await runStage(resolveTarget(parseToolId), receivedCall({ toolId: 'no-namespace' })).catch(
      (error: unknown) => error,
    );
    expect(run).toMatchObject({ code: 'TOOL_NOT_FOUND' });
  });

  it('awaits a router that establishes more than the server and name (a passthrough request)', async () => {
    const stage = resolveTarget(async (target: string) => ({ server: 'srv', tool: target, connection: 'conn' }));
    const run = await runStage(stage, receivedCall({ toolId: 'x://1', kind: 'resource' }));
    expect(run.passed).toMatchObject({ server: 'srv', tool: 'x://1', connection: 'conn', kind: 'resource' });
  });

  it('hands the call on in the same tick when the id splits at once (wrap keeps its message order)', () => {
    let passed: unknown;
    void resolveTarget(parseToolId).run(receivedCall({ toolId: 'srv::echo' }), async (call) => ((passed = call), OK));
    expect(passed).toMatchObject({ server: 'srv', tool: 'echo' });
  });
});
