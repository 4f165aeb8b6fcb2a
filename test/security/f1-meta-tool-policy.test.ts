// F1: meta-tools that change what runs skipped the policy, approvals and the audit log (a deny-all rule and provisioning: off stopped nothing).
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { readAuditRecords } from '../support/audit-records.js';
import {
  TOOLGATE_BIN,
  createSandbox,
  fixture,
  gatewayEnv,
  startGateway,
  waitFor,
  type Sandbox,
} from '../support/gateway-process.js';

interface AuditLine {
  tool_id: string;
  decision: string;
  via?: string;
  error_code?: string;
  arguments?: Record<string, unknown>;
  gates: { gate: string; passed: boolean; detail?: string }[];
}

const TOKEN = 'tg-meta-policy-token-8c41';
const ECHO = { echo: fixture('echo-server.mjs', { ECHO_TOKEN: '${ECHO_TOKEN:-none}' }) };

function prepare(policy: string): Sandbox {
  const sandbox = createSandbox();
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify({ mcpServers: ECHO }), {
    mode: 0o600,
  });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), policy);
  return sandbox;
}

function errorOf(result: CallToolResult): { code: string; message: string } {
  expect(result.isError).toBe(true);
  return (result.structuredContent as { error: { code: string; message: string } }).error;
}

async function auditLine(sandbox: Sandbox, toolId: string, count = 1): Promise<AuditLine[]> {
  const lines = () => readAuditRecords<AuditLine>(sandbox.toolgateHome).filter((line) => line.tool_id === toolId);
  await waitFor(() => lines().length >= count, 10_000);
  return lines();
}

const secretsFile = (sandbox: Sandbox) => path.join(sandbox.toolgateHome, 'secrets.json');

describe('F1: provisioning: off', () => {
  it('stops auth_connect, provision, update_server and register_discovered_server, each audited as blocked', async () => {
    const sandbox = prepare('provisioning: off\n');
    const gw = await startGateway({ sandbox });
    try {
      const calls: [string, Record<string, unknown>][] = [
        ['auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: TOKEN }],
        ['provision', { server: 'memory' }],
        ['update_server', { server: 'echo' }],
        ['register_discovered_server', { name: 'io.github.example/weather-mcp' }],
      ];
      for (const [name, args] of calls) {
        expect(errorOf(await gw.call(`gateway_${name}`, args)).code).toBe('POLICY_DENIED');
        const [line] = await auditLine(sandbox, `gateway::${name}`);
        expect(line).toMatchObject({ decision: 'blocked', via: 'meta', error_code: 'POLICY_DENIED' });
      }
      expect(fs.existsSync(secretsFile(sandbox))).toBe(false);
      const audit = fs
        .readdirSync(path.join(sandbox.toolgateHome, 'audit'))
        .map((file) => fs.readFileSync(path.join(sandbox.toolgateHome, 'audit', file), 'utf8'))
        .join('');
      expect(audit).not.toContain(TOKEN);
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});

describe('F1: a deny-all tool rule', () => {
  it('denies auth_connect as gateway::auth_connect and stores nothing', async () => {
    const sandbox = prepare('tools:\n  deny: ["*::*"]\n');
    const gw = await startGateway({ sandbox });
    try {
      const error = errorOf(
        await gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: TOKEN }),
      );
      expect(error.code).toBe('POLICY_DENIED');
      expect(error.message).toContain('gateway::auth_connect');
      expect(fs.existsSync(secretsFile(sandbox))).toBe(false);
      const [line] = await auditLine(sandbox, 'gateway::auth_connect');
      expect(line).toMatchObject({
        decision: 'blocked',
        arguments: { server: 'echo', name: 'ECHO_TOKEN', value: '[REDACTED]' },
      });
      expect(line?.gates).toContainEqual(expect.objectContaining({ gate: 'deny', passed: false }));
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});

describe('F1: approval: ["*::*"]', () => {
  let sandbox: Sandbox;
  let client: Client;
  let answer: 'accept' | 'decline' = 'decline';
  const questions: string[] = [];

  beforeAll(async () => {
    sandbox = prepare('approval: ["*::*"]\n');
    client = new Client({ name: 'f1-eliciting', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler('elicitation/create', async (request) => {
      questions.push(request.params.message);
      return { action: answer };
    });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [TOOLGATE_BIN],
        cwd: sandbox.project,
        env: gatewayEnv(sandbox),
        stderr: 'pipe',
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    sandbox?.remove();
  });

  const authConnect = () =>
    client.callTool(
      { name: 'gateway_auth_connect', arguments: { server: 'echo', name: 'ECHO_TOKEN', value: TOKEN } },
      { timeout: MAX_TIMER_MS },
    ) as Promise<CallToolResult>;

  it('asks the user first, without showing the value; a decline stores nothing', async () => {
    answer = 'decline';
    expect(errorOf(await authConnect()).code).toBe('APPROVAL_DENIED');
    expect(questions).toHaveLength(1);
    expect(questions[0]).toContain('gateway::auth_connect');
    expect(questions[0]).toContain('ECHO_TOKEN');
    expect(questions[0]).not.toContain(TOKEN);
    expect(fs.existsSync(secretsFile(sandbox))).toBe(false);
  });

  it('stores the credential once the user accepts, and audits both calls', async () => {
    answer = 'accept';
    const result = await authConnect();
    expect(result.isError).toBeFalsy();
    expect(fs.existsSync(secretsFile(sandbox))).toBe(true);
    const lines = await auditLine(sandbox, 'gateway::auth_connect', 2);
    expect(lines.map((line) => line.decision)).toEqual(['blocked', 'allowed']);
  });

  it('never asks about a loader variable: it is refused before the question', async () => {
    const asked = questions.length;
    const result = (await client.callTool({
      name: 'gateway_auth_connect',
      arguments: { server: 'echo', name: 'NODE_OPTIONS', value: '--require=/tmp/x.cjs' },
    })) as CallToolResult;
    expect(errorOf(result).code).toBe('INVALID_ARGUMENTS');
    expect(questions).toHaveLength(asked);
  });
});

describe('F1: approval for a client that cannot be asked', () => {
  it('refuses auth_connect', async () => {
    const sandbox = prepare('approval: ["gateway::auth_connect"]\n');
    const gw = await startGateway({ sandbox });
    try {
      expect(
        errorOf(await gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: TOKEN })).code,
      ).toBe('APPROVAL_DENIED');
      expect(fs.existsSync(secretsFile(sandbox))).toBe(false);
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});
