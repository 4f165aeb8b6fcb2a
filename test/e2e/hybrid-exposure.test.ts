// Hybrid exposure: the meta-tools plus the tools policy `pinned:` names, listed and called directly.
import { ProtocolError } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditRecords } from '../support/audit-records.js';
import { fixture, startGateway, textOf, waitFor, type GatewayProcess } from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; gate?: string };
}

describe('hybrid exposure with pinned tools', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    gw = await startGateway({
      servers: { srv: fixture('governance-server.mjs', { FIXTURE_NAME: 'srv' }) },
      policy: [
        'pinned: ["srv::echo", "srv::big", "srv::drop_*"]',
        'tools:',
        '  deny: ["srv::drop_*"]',
        'gates:',
        '  max_message_bytes: 5000',
        '',
      ].join('\n'),
      args: ['--exposure', 'hybrid'],
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists the meta-tools plus the pinned tools as server__tool, and no other downstream tool', async () => {
    const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('gateway_invoke');
    expect(names).toContain('gateway_catalog_search');
    expect(names).toContain('srv__echo');
    expect(names).toContain('srv__big');
    expect(names).not.toContain('srv__whoami');
    expect(names.filter((name) => name.startsWith('srv__')).sort()).toEqual(['srv__big', 'srv__echo']);
  });

  it('does not list a pinned tool that a deny rule matches', async () => {
    const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('srv__drop_table');
  });

  it("lists a pinned tool with the server's own schema and description", async () => {
    const echo = (await gw.client.listTools()).tools.find((tool) => tool.name === 'srv__echo');
    expect(echo?.description).toBe('Echo the text back.');
    expect(echo?.inputSchema).toEqual({ type: 'object', properties: { text: { type: 'string' } } });
  });

  it('answers a call of a pinned tool with the server’s own result', async () => {
    const result = await gw.call('srv__echo', { text: 'pinned hello' });
    expect(result).toEqual({ content: [{ type: 'text', text: 'pinned hello' }] });
  });

  it('keeps unpinned tools behind gateway_invoke', async () => {
    const direct = await gw.call('srv__whoami');
    expect(direct.isError).toBe(true);
    expect((direct.structuredContent as unknown as ErrorAnswer).error.code).toBe('TOOL_NOT_FOUND');
    const viaInvoke: CallToolResult = await gw.call('gateway_invoke', { tool_id: 'srv::whoami', arguments: {} });
    expect(textOf(viaInvoke)).toBe('srv');
  });

  it('answers a gate failure of a pinned tool with JSON-RPC error -32000, and through gateway_invoke with GATE_FAILED', async () => {
    const error = await gw.call('srv__big', { bytes: 10_000 }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32000);
    const viaInvoke = await gw.call('gateway_invoke', { tool_id: 'srv::big', arguments: { bytes: 10_000 } });
    expect((viaInvoke.structuredContent as unknown as ErrorAnswer).error).toMatchObject({
      code: 'GATE_FAILED',
      gate: 'message_size',
    });
  });

  it('audits a pinned call with via hybrid and a gateway_invoke call with via invoke', async () => {
    const records = () => readAuditRecords<{ tool_id: string; via: string }>(gw.sandbox.toolgateHome);
    await waitFor(() => records().some((record) => record.tool_id === 'srv::whoami'), 5_000);
    expect(records().find((record) => record.tool_id === 'srv::echo')?.via).toBe('hybrid');
    expect(records().find((record) => record.tool_id === 'srv::whoami')?.via).toBe('invoke');
  });
});

describe('hybrid exposure without pinned tools', () => {
  it('lists only the meta-tools', async () => {
    const gw = await startGateway({
      servers: { srv: fixture('governance-server.mjs', { FIXTURE_NAME: 'srv' }) },
      args: ['--exposure', 'hybrid'],
    });
    try {
      const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
      expect(names.every((name) => name.startsWith('gateway_'))).toBe(true);
      expect(names).toContain('gateway_invoke');
    } finally {
      await gw.close();
    }
  });
});

describe('hybrid exposure and lazy servers', () => {
  it('starts, to list pinned tools, only the servers a pinned glob can reach', async () => {
    const gw = await startGateway({
      servers: {
        srv: fixture('governance-server.mjs', { FIXTURE_NAME: 'srv' }),
        other: fixture('governance-server.mjs', { FIXTURE_NAME: 'other' }),
      },
      policy: 'pinned: ["srv::echo"]\n',
      args: ['--exposure', 'hybrid'],
    });
    try {
      const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('srv__echo');
      const health = await gw.json<{ servers: { name: string; state: string }[] }>('gateway_health', {});
      const state = (name: string) => health.servers.find((server) => server.name === name)?.state;
      expect(state('srv')).toBe('ready');
      expect(state('other')).not.toBe('ready');
    } finally {
      await gw.close();
    }
  });
});
