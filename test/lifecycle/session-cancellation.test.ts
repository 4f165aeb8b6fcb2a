// Pending calls through the real Gateway engine (in-memory downstream): sessions are isolated, a session's
// end cancels its calls only, and a call cancelled while its server is still starting ends at once.
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import type { TransportFactory } from '../../src/downstream/create-transport.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import type { GatewayError } from '../../src/errors/index.js';
import { Gateway } from '../../src/gateway/gateway.js';
import type { CallContext } from '../../src/gateway/meta-tool.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy } from '../../src/policy/load-policy.js';

function setup(options: { slowStart?: boolean } = {}) {
  const cancelled: string[] = [];
  const received: string[] = [];
  const releases = new Map<string, () => void>();
  let finishStart: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (finishStart = resolve));
  const createTransport: TransportFactory = () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = new McpServer({ name: 'waiter', version: '1.0.0' });
    server.registerTool(
      'wait',
      {
        description: 'Wait until cancelled, released by the test, or for ms.',
        inputSchema: z.object({ ms: z.number(), tag: z.string() }),
      },
      ({ ms, tag }, ctx) =>
        new Promise((resolve) => {
          received.push(tag);
          const done = () => {
            clearTimeout(timer);
            resolve({ content: [{ type: 'text', text: `done ${tag}` }] });
          };
          const timer = setTimeout(done, ms);
          releases.set(tag, done);
          ctx.mcpReq.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            cancelled.push(tag);
            resolve({ content: [{ type: 'text', text: 'cancelled' }] });
          });
        }),
    );
    // A slow start: the server connects only once the test says so.
    void (options.slowStart ? started : Promise.resolve()).then(() => server.connect(serverSide));
    return clientSide;
  };
  const entry: ServerEntry = {
    name: 'waiter',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  const config = configOf([['waiter', entry]]);
  const policy = new PolicyView(mergePolicy([]));
  const pool = new ServerPool({
    createTransport,
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
  });
  const gateway = new Gateway({
    pool,
    index: new ToolIndex(),
    cache: new MemoryToolCache(),
    initial: { config, policy },
    reload: async () => ({ config, policy }),
    logger: silentLogger,
  });
  /** Ends the named call as if its wait were over (once the server has it). */
  const release = async (tag: string) => {
    await expect.poll(() => releases.has(tag)).toBe(true);
    releases.get(tag)?.();
  };
  return { gateway, cancelled, received, finishStart, release };
}

/** Waits on state, with room for a loaded machine. */

const contextFor = (sessionId: string): CallContext => ({ signal: new AbortController().signal, sessionId });

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    const result = (await promise) as { content: { text: string }[] };
    return result.content[0]?.text ?? '';
  } catch (error) {
    return (error as GatewayError).code;
  }
}

describe('pending calls in the gateway engine', () => {
  it('cancels every call of an ended session, notifies the server, and lets other sessions finish', async () => {
    const { gateway, cancelled, release } = setup();
    await gateway.start();
    const a1 = outcome(gateway.invoke('waiter::wait', { ms: 60_000, tag: 'a1' }, contextFor('a')));
    const a2 = outcome(gateway.invoke('waiter::wait', { ms: 60_000, tag: 'a2' }, contextFor('a')));
    const b = outcome(gateway.invoke('waiter::wait', { ms: 60_000, tag: 'b' }, contextFor('b')));
    await expect.poll(() => gateway.pending.list('a').filter((p) => p.state === 'running').length).toBe(2);
    expect(gateway.pending.list('b')).toHaveLength(1);
    expect(gateway.pending.cancelSession('a')).toBe(2);
    expect(await a1).toBe('CANCELLED');
    expect(await a2).toBe('CANCELLED');
    // b was still running when session a ended; it finishes when its wait is over.
    await release('b');
    expect(await b).toBe('done b');
    await expect.poll(() => [...cancelled].sort()).toEqual(['a1', 'a2']);
    expect(gateway.pending.size).toBe(0);
    await gateway.close();
  });

  it('ends a call cancelled while its server is still starting at once, before anything is sent', async () => {
    const { gateway, cancelled, received, finishStart } = setup({ slowStart: true });
    await gateway.start();
    const call = outcome(gateway.invoke('waiter::wait', { ms: 10, tag: 'early' }, contextFor('s')));
    await expect.poll(() => gateway.pending.list('s')[0]?.state).toBe('starting');
    const id = gateway.pending.list('s')[0]?.id as string;
    expect(gateway.pending.cancel('s', id).tool_id).toBe('waiter::wait');
    // At once: the server has not even finished starting (the test holds its start).
    expect(await call).toBe('CANCELLED');
    finishStart();
    // A later call goes down the same ordered pipe: had the cancelled one been sent, the server would have had it first.
    expect(await outcome(gateway.invoke('waiter::wait', { ms: 10, tag: 'later' }, contextFor('s')))).toBe('done later');
    expect(received).toEqual(['later']);
    expect(cancelled).toEqual([]);
    await gateway.close();
  });
});
