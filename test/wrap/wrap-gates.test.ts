// `toolgate wrap` gates against a fixture server that trips them on purpose: size, output schema, secrets, rate, approval, timeout.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, waitFor, type Sandbox } from '../support/gateway-process.js';
import {
  auditLines,
  auditText,
  GATES_FIXTURE,
  rpcErrorOf,
  withWrap as withFixture,
  writePolicy,
  type WrapRun,
  type WrapRunOptions,
} from './wrap-client.js';

const TOKEN_SHAPE = /ghp_[A-Za-z0-9]{36}/;

describe('toolgate wrap gates', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.remove());

  /** Runs `body` with a wrap of the fixture (named `fx`), listing its tools first so output schemas are known. */
  function withWrap(options: Partial<WrapRunOptions>, body: (run: WrapRun) => Promise<void>): Promise<void> {
    return withFixture(sandbox, { command: GATES_FIXTURE, ...options }, body);
  }

  it('checks the size of arguments and results: enforce refuses with -32000, monitor lets through', async () => {
    await withWrap({ flags: ['--max-message-size', '2000'] }, async (run) => {
      const tooBig = await rpcErrorOf(run.call('echo', { text: 'y'.repeat(3000) }));
      expect(tooBig.code).toBe(-32000);
      expect(tooBig.data).toMatchObject({ code: 'GATE_FAILED', gate: 'message_size' });
      const bigAnswer = await rpcErrorOf(run.call('big', { bytes: 5000 }));
      expect(bigAnswer.data).toMatchObject({ gate: 'message_size' });
      expect((await run.call('big', { bytes: 100 })).content).toEqual([{ type: 'text', text: 'x'.repeat(100) }]);
    });
    await withWrap({ flags: ['--max-message-size', '2000', '--mode', 'monitor'] }, async (run) => {
      expect((await run.call('echo', { text: 'y'.repeat(3000) })).content).toEqual([
        { type: 'text', text: 'y'.repeat(3000) },
      ]);
      expect(((await run.call('big', { bytes: 5000 })).content[0] as { text: string }).text).toHaveLength(5000);
    });
    expect(auditLines(sandbox).map((line) => `${line.mode} ${line.decision}`)).toEqual([
      'enforce blocked',
      'enforce blocked',
      'enforce allowed',
      'monitor would_block',
      'monitor would_block',
    ]);
  });

  it("checks structuredContent against the tool's outputSchema in both modes", async () => {
    await withWrap({}, async (run) => {
      const error = await rpcErrorOf(run.call('bad_output'));
      expect(error.code).toBe(-32000);
      expect(error.data).toMatchObject({ code: 'GATE_FAILED', gate: 'output_schema' });
      expect(error.message).toMatch(/count must be number/);
      expect((await run.call('good_output')).structuredContent).toEqual({ count: 3 });
    });
    await withWrap({ flags: ['--mode', 'monitor'] }, async (run) => {
      expect((await run.call('bad_output')).structuredContent).toEqual({ count: 'many' });
    });
    expect(auditLines(sandbox).map((line) => line.decision)).toEqual(['blocked', 'allowed', 'would_block']);
  });

  it('blocks a credential in the output (secrets: block) in enforce mode, passes the call redacted in monitor, redacts with secrets: redact', async () => {
    writePolicy(sandbox, 'gates:\n  secrets: block\n');
    await withWrap({}, async (run) => {
      const error = await rpcErrorOf(run.call('leak'));
      expect(error.data).toMatchObject({ code: 'GATE_FAILED', gate: 'secrets' });
      expect(JSON.stringify(error)).not.toMatch(TOKEN_SHAPE);
    });
    // Monitor lets the call through; the credential is still replaced, as the gateway's output filter does.
    await withWrap({ flags: ['--mode', 'monitor'] }, async (run) => {
      expect((await run.call('leak')).content).toEqual([{ type: 'text', text: 'token=[REDACTED:github-token] done' }]);
    });
    writePolicy(sandbox, 'gates:\n  secrets: redact\n');
    await withWrap({}, async (run) => {
      expect((await run.call('leak')).content).toEqual([{ type: 'text', text: 'token=[REDACTED:github-token] done' }]);
    });
    expect(auditLines(sandbox).map((line) => line.decision)).toEqual(['blocked', 'would_block', 'allowed']);
    expect(auditText(sandbox)).not.toMatch(TOKEN_SHAPE);
  });

  it("catches a credential of the server's own environment that has no recognisable shape", async () => {
    writePolicy(sandbox, 'gates:\n  secrets: block\n');
    const value = 'plain-looking-value-4711';
    await withWrap({ env: { ACME_SERVICE_TOKEN: value } }, async (run) => {
      const error = await rpcErrorOf(run.call('echo', { text: `the token is ${value}` }));
      expect(error.data).toMatchObject({ code: 'GATE_FAILED', gate: 'secrets' });
      // An ordinary text passes.
      expect((await run.call('echo', { text: 'hello' })).content).toEqual([{ type: 'text', text: 'hello' }]);
    });
    expect(auditText(sandbox)).not.toContain(value);
  });

  it('enforces the rate limit per session', async () => {
    writePolicy(sandbox, 'gates:\n  rate_limit:\n    per_session: 2\n');
    await withWrap({}, async (run) => {
      await run.call('echo', { text: '1' });
      await run.call('echo', { text: '2' });
      const error = await rpcErrorOf(run.call('echo', { text: '3' }));
      expect(error.code).toBe(-32000);
      expect(error.data).toMatchObject({ code: 'GATE_FAILED', gate: 'rate_limit' });
    });
  });

  it('asks the client for approval: accepted runs the call, declined is -32010, no elicitation is -32010 without asking', async () => {
    writePolicy(sandbox, 'approval: ["fx::echo"]\n');
    await withWrap({ elicitation: 'accept' }, async (run) => {
      expect((await run.call('echo', { text: 'approved', api_key: 'do-not-show-this-1234' })).content).toEqual([
        { type: 'text', text: 'approved' },
      ]);
      expect(run.questions).toHaveLength(1);
      expect(run.questions[0]).toMatch(/Allow the tool call fx::echo\?/);
      expect(run.questions[0]).not.toContain('do-not-show-this-1234');
      expect((await run.call('big', { bytes: 3 })).content).toEqual([{ type: 'text', text: 'xxx' }]);
      expect(run.questions).toHaveLength(1);
    });
    await withWrap({ elicitation: 'decline' }, async (run) => {
      const error = await rpcErrorOf(run.call('echo', { text: 'no' }));
      expect(error.code).toBe(-32010);
      expect(error.data).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
      expect(error.message).toMatch(/the user declined/);
    });
    await withWrap({}, async (run) => {
      const error = await rpcErrorOf(run.call('echo', { text: 'no' }));
      expect(error.code).toBe(-32010);
      expect(error.message).toMatch(/no elicitation support/);
    });
  });

  it('answers a call the server is too slow for after --timeout, and cancels it there', async () => {
    const cancelLog = path.join(sandbox.root, 'cancelled.log');
    await withWrap({ flags: ['--timeout', '300'], env: { FIXTURE_CANCEL_LOG: cancelLog } }, async (run) => {
      // A minute of silence: only the 300 ms --timeout can end it (the code says which).
      const error = await rpcErrorOf(run.call('sleep', { ms: 60_000 }));
      expect(error.code).toBe(-32000);
      expect(error.data).toMatchObject({ code: 'DOWNSTREAM_TIMEOUT' });
      expect(await waitFor(() => fs.existsSync(cancelLog), 20_000)).toBe(true);
      expect(fs.readFileSync(cancelLog, 'utf8')).toMatch(/^cancelled \d+/);
      expect((await run.call('sleep', { ms: 10 })).content).toEqual([{ type: 'text', text: 'slept' }]);
    });
    expect(auditLines(sandbox).map((line) => line.error_code ?? line.outcome)).toEqual(['DOWNSTREAM_TIMEOUT', 'ok']);
  });

  it('answers a call in flight with an error when the server dies, and audits calls left by a client that closed', async () => {
    await withWrap({}, async (run) => {
      const error = await rpcErrorOf(run.call('exit', { code: 3 }));
      expect(error.code).toBe(-32000);
      expect(error.data).toMatchObject({ code: 'DOWNSTREAM_UNAVAILABLE', tool_id: 'fx::exit' });
      expect(run.stderr()).not.toContain('Error');
    });
    const startLog = path.join(sandbox.root, 'started.log');
    await withWrap({ env: { FIXTURE_START_LOG: startLog } }, async (run) => {
      void run.call('sleep', { ms: 60_000 }).catch(() => undefined);
      // The client leaves once the call has reached the server.
      expect(await waitFor(() => fs.existsSync(startLog), 20_000)).toBe(true);
    });
    expect(auditLines(sandbox).map((line) => `${line.tool_id} ${line.error_code}`)).toEqual([
      'fx::exit DOWNSTREAM_UNAVAILABLE',
      'fx::sleep DOWNSTREAM_UNAVAILABLE',
    ]);
  });

  it('writes one audit line per call with argument secrets masked', async () => {
    await withWrap({ flags: ['--max-message-size', '100000'] }, async (run) => {
      await run.call('echo', {
        text: 'hello',
        api_key: 'sk-live-abcdef-0123456789',
        nested: { password: 'hunter2hunter2' },
      });
    });
    const [line, ...rest] = auditLines(sandbox);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      tool_id: 'fx::echo',
      via: 'wrap',
      decision: 'allowed',
      outcome: 'ok',
      client: 'wrap-test',
      arguments: { text: 'hello', api_key: '[REDACTED]', nested: { password: '[REDACTED]' } },
    });
    expect(String(line?.session)).toMatch(/^wrap-[0-9a-f]{12}$/);
    expect(auditText(sandbox)).not.toContain('sk-live-abcdef-0123456789');
    expect(auditText(sandbox)).not.toContain('hunter2hunter2');
  });
});
