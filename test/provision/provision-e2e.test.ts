// Provisioning a real npm server from the manifest into an isolated TOOLGATE_HOME, through the built gateway.
import fs from 'node:fs';
import path from 'node:path';
import type { Progress } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmTestEnv, WARM_TIMEOUT_MS, warmNpmCache } from '../support/npm-cache.js';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { createSandbox, startGateway, textOf, type GatewayProcess, type Sandbox } from '../support/gateway-process.js';

/**
 * A provision call waits for its job however long a loaded machine makes the install (TOOLGATE_JOB_WAIT_MS at its
 * largest, and no client-side request timeout below it), so its answer is the job's outcome and its progress covers
 * every phase. vitest's testTimeout still catches a job that never ends. The early job-id answer is covered with a
 * short wait in test/provision/registry-and-failures.test.ts.
 */
const WAIT_FOR_THE_JOB = { TOOLGATE_JOB_WAIT_MS: String(MAX_TIMER_MS) };
/** The version the manifest pins for `memory`. */
const MEMORY_VERSION = '2026.8.31';

interface Card {
  tool_id: string;
  server: string;
  online: boolean;
  installed?: boolean;
}
interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; next_calls?: string[] };
}

async function provision(
  gw: GatewayProcess,
  server: string,
  onprogress?: (progress: Progress) => void,
): Promise<Record<string, unknown>> {
  const result = await gw.client.callTool(
    { name: 'gateway_provision', arguments: { server } },
    {
      timeout: MAX_TIMER_MS,
      ...(onprogress ? { onprogress } : {}),
    },
  );
  expect(result.isError, textOf(result as never)).toBeFalsy();
  return result.structuredContent as Record<string, unknown>;
}

describe('provisioning server-memory from the manifest', () => {
  let sandbox: Sandbox;
  let gw: GatewayProcess;

  beforeAll(async () => {
    warmNpmCache(`@modelcontextprotocol/server-memory@${MEMORY_VERSION}`);
    sandbox = createSandbox();
    gw = await startGateway({ sandbox, env: { ...npmTestEnv(), ...WAIT_FOR_THE_JOB } });
  }, WARM_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await gw?.close();
    sandbox?.remove();
  });

  it('finds the tools of a manifest server that is not installed, marked installed: false', async () => {
    const answer = await gw.json<{ results: Card[] }>('gateway_catalog_search', {
      query: 'create entities in the knowledge graph',
      limit: 5,
    });
    const card = answer.results.find((result) => result.tool_id === 'memory::create_entities');
    expect(card).toMatchObject({ server: 'memory', online: false, installed: false });
  });

  it('describes such a tool from its snapshot with the exact call that provisions it', async () => {
    const answer = await gw.json<{ tools: Record<string, unknown>[] }>('gateway_describe', {
      tool_id: 'memory::create_entities',
    });
    expect(answer.tools[0]).toMatchObject({
      tool_id: 'memory::create_entities',
      installed: false,
      provision: { next_calls: ['gateway_provision {"server":"memory"}'] },
    });
    expect(answer.tools[0]?.input_schema).toMatchObject({ type: 'object' });
  });

  it('answers an invoke of such a tool with SERVER_NOT_INSTALLED and the next call, installing nothing (policy ask)', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'memory::read_graph', arguments: {} });
    expect(result.isError).toBe(true);
    const { error } = result.structuredContent as unknown as ErrorAnswer;
    expect(error.code).toBe('SERVER_NOT_INSTALLED');
    expect(error.hint).toContain('gateway_provision {"server":"memory"}');
    expect(error.next_calls).toEqual(['gateway_provision {"server":"memory"}']);
    expect(fs.existsSync(path.join(sandbox.toolgateHome, 'servers', 'memory'))).toBe(false);
  });

  it('provisions it with progress notifications, then invokes its tools', async () => {
    const progress: Progress[] = [];
    const started = performance.now();
    const answer = await provision(gw, 'memory', (update) => progress.push(update));
    console.error(
      `provision of server-memory took ${Math.round(performance.now() - started)} ms (job: ${String(answer.elapsed_ms)} ms)`,
    );
    expect(answer, JSON.stringify(answer)).toMatchObject({ state: 'succeeded', server: 'memory' });
    expect(answer.tool_ids).toContain('memory::create_entities');
    expect(progress.map((update) => update.message)).toEqual(
      expect.arrayContaining(['memory: install', 'memory: start']),
    );

    const servers = JSON.parse(fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[] }>;
    };
    expect(servers.mcpServers.memory?.command).toBe('node');
    expect(servers.mcpServers.memory?.args[0]).toContain(
      path.join(sandbox.toolgateHome, 'servers', 'memory', 'node_modules'),
    );

    const created = await gw.call('gateway_invoke', {
      tool_id: 'memory::create_entities',
      arguments: { entities: [{ name: 'toolgate', entityType: 'project', observations: ['provisioned in a test'] }] },
    });
    expect(created.isError).toBeFalsy();
    const graph = await gw.call('gateway_invoke', { tool_id: 'memory::read_graph', arguments: {} });
    expect(textOf(graph)).toContain('provisioned in a test');
  });

  it('lists the installed server once in search, without the installed: false mark', async () => {
    const answer = await gw.json<{ results: Card[] }>('gateway_catalog_search', {
      query: 'create entities',
      limit: 20,
    });
    const cards = answer.results.filter((result) => result.tool_id === 'memory::create_entities');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ online: true });
    expect(cards[0]?.installed).toBeUndefined();
  });

  it('is idempotent: provisioning a running server answers at once without reinstalling', async () => {
    const before = fs.statSync(path.join(sandbox.toolgateHome, 'servers', 'memory')).mtimeMs;
    const answer = await provision(gw, 'memory');
    expect(answer, JSON.stringify(answer)).toMatchObject({ state: 'succeeded', already_configured: true });
    expect(fs.statSync(path.join(sandbox.toolgateHome, 'servers', 'memory')).mtimeMs).toBe(before);
    const status = await gw.json<{ state: string; output_tail: string[] }>('gateway_provision_status', {
      server: 'memory',
    });
    expect(status.state).toBe('succeeded');
  });

  it('updates only to an exact version or latest, and reports when it is already there', async () => {
    const same = await gw.json<Record<string, unknown>>('gateway_update_server', { server: 'memory' });
    expect(same).toMatchObject({ state: 'succeeded', updated: false, version: MEMORY_VERSION });
    const bad = await gw.call('gateway_update_server', { server: 'memory', version: '^1.0.0' });
    expect(bad.structuredContent).toMatchObject({ error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('keeps the provisioned server across a restart', async () => {
    await gw.close();
    gw = await startGateway({ sandbox, env: { ...npmTestEnv(), ...WAIT_FOR_THE_JOB } });
    const graph = await gw.call('gateway_invoke', { tool_id: 'memory::read_graph', arguments: {} });
    expect(graph.isError).toBeFalsy();
    expect(textOf(graph)).toContain('provisioned in a test');
  });
});
