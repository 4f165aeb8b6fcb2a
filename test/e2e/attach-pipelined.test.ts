// A client that writes initialize, initialized and tools/list at once gets the same answers attached as standalone.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  gatewayEnv,
  isAlive,
  startGateway,
  TOOLGATE_BIN,
  waitFor,
  waitForExit,
  writeProjectConfig,
  type Sandbox,
} from '../support/gateway-process.js';

interface Answer {
  id?: number;
  result?: { tools?: { name: string }[]; serverInfo?: { name: string } };
  error?: { message: string };
}

/** The exact bytes a quick client writes before any answer arrives: three lines in one write. */
const PIPELINED =
  [
    {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipelined', version: '1' } },
    },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
  ]
    .map((message) => JSON.stringify(message))
    .join('\n') + '\n';

/** Runs the built toolgate on stdio, writes the pipelined bytes, and returns its answers to ids 1 and 2. */
async function replay(sandbox: Sandbox): Promise<{ answers: Answer[]; stderr: string }> {
  const child = spawn(process.execPath, [TOOLGATE_BIN], {
    cwd: sandbox.project,
    env: gatewayEnv(sandbox),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const answers: Answer[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      answers.push(JSON.parse(buffer.slice(0, index)) as Answer);
      buffer = buffer.slice(index + 1);
    }
  });
  child.stdin.write(PIPELINED);
  const done = await waitFor(() => answers.some((answer) => answer.id === 2), 30_000);
  child.stdin.end();
  await waitForExit(child.pid!, 10_000).catch(() => undefined);
  if (!done) throw new Error(`no answer to tools/list; stderr: ${stderr}`);
  return { answers: answers.filter((answer) => answer.id !== undefined), stderr };
}

function shapeOf(answers: Answer[]): unknown {
  return answers.map((answer) => ({
    id: answer.id,
    server: answer.result?.serverInfo?.name,
    tools: answer.result?.tools?.map((tool) => tool.name).sort(),
    error: answer.error?.message,
  }));
}

describe('a client that does not wait for the initialize answer', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('gets the same answers from a process attached to a running gateway as from a standalone one', async () => {
    const sandbox = createSandbox();
    cleanups.push(async () => sandbox.remove());
    writeProjectConfig(sandbox, { echo: fixture('echo-server.mjs') });

    const standalone = await replay(sandbox);
    expect(standalone.answers.map((answer) => answer.error)).toEqual([undefined, undefined]);
    expect(standalone.answers[1]!.result?.tools?.map((tool) => tool.name)).toContain('gateway_invoke');

    // Another client's gateway is now running: the replayed process attaches to it over the control socket.
    const owner = await startGateway({ sandbox, clientName: 'owner' });
    cleanups.push(() => owner.close());
    const attached = await replay(sandbox);
    expect(shapeOf(attached.answers)).toEqual(shapeOf(standalone.answers));
    // It really went through the running gateway (that gateway still runs; the replayed process had no pool).
    expect(isAlive(owner.pid)).toBe(true);
    expect(attached.stderr).not.toMatch(/Restart/);
  });
});
