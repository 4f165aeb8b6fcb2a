// `toolgate wrap` around @modelcontextprotocol/server-everything: transparent where it should be, gated where it must be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { createSandbox, isAlive, waitFor, type Sandbox } from '../support/gateway-process.js';
import { auditLines, childrenOf, EVERYTHING, rpcErrorOf, startWrap, writePolicy } from './wrap-client.js';

describe('toolgate wrap around server-everything', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(() => sandbox.remove());

  it('shows the same tools and gives the same results as the server run directly', async () => {
    const [direct, wrapped] = await Promise.all([
      startWrap(sandbox, { command: EVERYTHING, wrapped: false }),
      startWrap(sandbox, { command: EVERYTHING, flags: ['--name', 'everything'] }),
    ]);
    try {
      const list = async (run: typeof direct) => (await run.client.request({ method: 'tools/list' })).tools;
      const directTools = await list(direct);
      expect(directTools.length).toBeGreaterThan(5);
      expect(await list(wrapped)).toEqual(directTools);
      const calls: Array<[string, Record<string, unknown>]> = [
        ['echo', { message: 'hello through the wrap' }],
        ['get-sum', { a: 2, b: 40 }],
        ['get-structured-content', { location: 'Chicago' }],
        ['get-tiny-image', {}],
      ];
      for (const [name, args] of calls) {
        const [expected, actual] = await Promise.all([direct.call(name, args), wrapped.call(name, args)]);
        expect(actual, name).toEqual(expected);
      }
      expect(childrenOf(wrapped.pid)).toHaveLength(1);
    } finally {
      await Promise.all([direct.close(), wrapped.close()]);
    }
  });

  it('blocks a denied tool with -32001 in enforce mode and lets it through in monitor mode, auditing both', async () => {
    writePolicy(sandbox, 'tools:\n  deny: ["everything::get-sum"]\n');
    const before = auditLines(sandbox).length;
    const enforce = await startWrap(sandbox, { command: EVERYTHING, flags: ['--name', 'everything', '--verbose'] });
    const error = await rpcErrorOf(enforce.call('get-sum', { a: 1, b: 2 }));
    expect(error.code).toBe(-32001);
    expect(error.data).toMatchObject({ code: 'POLICY_DENIED', gate: 'deny' });
    expect((await enforce.call('echo', { message: 'still fine' })).content).toEqual([
      { type: 'text', text: 'Echo: still fine' },
    ]);
    await enforce.close();
    expect(enforce.stderr()).toMatch(
      /toolgate wrap: enforce BLOCK everything::get-sum \(deny: denied by tools\.deny "everything::get-sum" in .*policy\.yaml\) [\d.]+ ms/,
    );

    const monitor = await startWrap(sandbox, {
      command: EVERYTHING,
      flags: ['--name', 'everything', '--mode', 'monitor'],
    });
    expect((await monitor.call('get-sum', { a: 1, b: 2 })).content).toEqual([
      { type: 'text', text: 'The sum of 1 and 2 is 3.' },
    ]);
    await monitor.close();

    const sums = auditLines(sandbox)
      .slice(before)
      .filter((line) => line.tool_id === 'everything::get-sum');
    expect(sums.map((line) => [line.mode, line.decision, line.outcome, line.via, line.client])).toEqual([
      ['enforce', 'blocked', 'blocked', 'wrap', 'wrap-test'],
      ['monitor', 'would_block', 'ok', 'wrap', 'wrap-test'],
    ]);
    writePolicy(sandbox, '');
  });

  it("forwards the server's own requests to the client (elicitation) and the answers back", async () => {
    const run = await startWrap(sandbox, {
      command: EVERYTHING,
      flags: ['--name', 'everything'],
      elicitation: 'accept',
    });
    try {
      const result = await run.call('trigger-elicitation-request', {});
      expect(run.questions.length).toBe(1);
      expect(JSON.stringify(result.content)).toMatch(/accept/i);
    } finally {
      await run.close();
    }
  });

  it('leaves no child behind once the client closes', async () => {
    const run = await startWrap(sandbox, { command: EVERYTHING });
    const [child] = childrenOf(run.pid);
    expect(child).toBeDefined();
    await run.close();
    expect(await waitFor(() => !isAlive(child!), 5_000)).toBe(true);
  });

  it('prints the resolved plan with --dry-run and starts nothing', async () => {
    writePolicy(sandbox, 'approval: ["everything::echo"]\ngates:\n  secrets: block\n');
    const run = await runCli(sandbox, [
      'wrap',
      '--dry-run',
      '--mode',
      'monitor',
      '--max-message-size',
      '2048',
      '--timeout',
      '5000',
      '--name',
      'everything',
      '--',
      ...EVERYTHING,
    ]);
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      command: process.execPath,
      args: EVERYTHING.slice(1),
      name: 'everything',
      mode: 'monitor',
      policy_files: [expect.stringMatching(/policy\.yaml$/)],
      gates: { max_message_bytes: 2048, secrets: 'block', output_schema: true },
      approval: ['everything::echo'],
      timeout_ms: 5000,
      audit: { enabled: true, file: expect.stringMatching(/audit\/\d{4}-\d{2}-\d{2}\.jsonl$/) },
    });
    writePolicy(sandbox, '');
  });

  it('refuses bad usage with exit code 2 and a message naming what was expected', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['wrap', '--dry-run'], /expects the server command after --/],
      [['wrap', '--dry-run', '--', 'no-such-command-here'], /"no-such-command-here" was not found on PATH/],
      [['wrap', '--timeout', 'soon', '--', 'node'], /--timeout expects a whole number/],
      [['wrap', '--max-message-size', '0', '--', 'node'], /--max-message-size expects a whole number from 1/],
      [['wrap', '--mode', 'strict', '--', 'node'], /--mode/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(sandbox, args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it("exits with the server's exit code, or 128 + the signal number when a signal ended it", async () => {
    const run = await runCli(sandbox, ['wrap', '--', process.execPath, '-e', 'process.exit(7)']);
    expect(run.exitCode).toBe(7);
    const killed = await runCli(sandbox, [
      'wrap',
      '--',
      process.execPath,
      '-e',
      'process.kill(process.pid, "SIGTERM")',
    ]);
    expect(killed.exitCode).toBe(143);
  });
});
