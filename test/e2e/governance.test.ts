// Governance through gateway_invoke (progressive exposure): each gate in enforce and monitor mode, approvals by elicitation, the audit log.
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { CallToolResult, ElicitRequest, ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { runCli } from '../cli/run-cli.js';
import { readAuditRecords } from '../support/audit-records.js';
import {
  TOOLGATE_BIN,
  createSandbox,
  fixture,
  gatewayEnv,
  startGateway,
  textOf,
  waitFor,
  writeProjectConfig,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; gate?: string; tool_id?: string };
}

interface AuditRecord {
  time: string;
  session: string;
  client?: string;
  tool_id: string;
  mode: string;
  decision: string;
  gates: { gate: string; passed: boolean; detail?: string }[];
  duration_ms: number;
  outcome: string;
  error_code?: string;
  request_bytes: number;
  response_bytes: number;
  arguments?: Record<string, unknown>;
  via?: string;
}

const GITHUB_TOKEN_SHAPE = `${'ghp_'}${'R8t'.repeat(12)}`;

function errorOf(result: CallToolResult): ErrorAnswer['error'] {
  expect(result.isError).toBe(true);
  return (result.structuredContent as unknown as ErrorAnswer).error;
}

function auditDir(sandbox: Sandbox): string {
  return path.join(sandbox.toolgateHome, 'audit');
}

function auditRecords(sandbox: Sandbox): AuditRecord[] {
  return readAuditRecords<AuditRecord>(sandbox.toolgateHome);
}

async function waitForAudit(sandbox: Sandbox, predicate: (records: AuditRecord[]) => boolean): Promise<AuditRecord[]> {
  await waitFor(() => predicate(auditRecords(sandbox)), 5_000);
  return auditRecords(sandbox);
}

function callLog(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

type ElicitAnswer = 'accept' | 'decline' | 'cancel' | 'never';

interface ElicitingGateway {
  client: Client;
  sandbox: Sandbox;
  questions: ElicitRequest['params'][];
  answer: ElicitAnswer;
  invoke(toolId: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** startGateway has no client capabilities: this gateway's client declares elicitation and answers with `answer`. */
async function startElicitingGateway(options: {
  servers: Record<string, unknown>;
  policy: string;
}): Promise<ElicitingGateway> {
  const sandbox = createSandbox();
  writeProjectConfig(sandbox, options.servers);
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), options.policy);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [TOOLGATE_BIN],
    cwd: sandbox.project,
    env: gatewayEnv(sandbox),
    stderr: 'pipe',
  });
  const client = new Client(
    { name: 'toolgate-e2e-eliciting', version: '1.0.0' },
    { capabilities: { elicitation: {} } },
  );
  const gateway: ElicitingGateway = {
    client,
    sandbox,
    questions: [],
    answer: 'accept',
    invoke: (toolId, args = {}) =>
      // No client-side limit: the answer is the event the test waits for (vitest's testTimeout catches a hang).
      client.callTool(
        { name: 'gateway_invoke', arguments: { tool_id: toolId, arguments: args } },
        {
          timeout: MAX_TIMER_MS,
        },
      ) as Promise<CallToolResult>,
    close: async () => {
      await client.close();
      sandbox.remove();
    },
  };
  client.setRequestHandler('elicitation/create', async (request): Promise<ElicitResult> => {
    gateway.questions.push(request.params);
    if (gateway.answer === 'never') return new Promise<ElicitResult>(() => undefined);
    return gateway.answer === 'accept' ? { action: 'accept', content: {} } : { action: gateway.answer };
  });
  await client.connect(transport);
  return gateway;
}

describe('gates in enforce mode, through gateway_invoke', () => {
  let gw: GatewayProcess;
  let calls: string;
  const invoke = (toolId: string, args: Record<string, unknown> = {}) =>
    gw.call('gateway_invoke', { tool_id: toolId, arguments: args });

  beforeAll(async () => {
    const sandbox = createSandbox();
    calls = path.join(sandbox.root, 'calls.log');
    gw = await startGateway({
      sandbox,
      servers: { gov: fixture('governance-server.mjs', { FIXTURE_CALL_LOG: calls }) },
      policy: [
        'tools:',
        '  deny: ["gov::drop_*"]',
        'gates:',
        '  max_message_bytes: 2000',
        '  secrets: block',
        '  rate_limit:',
        '    per_tool: 2',
        '',
      ].join('\n'),
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('refuses a denied tool with POLICY_DENIED naming the deny gate, without calling the server', async () => {
    const error = errorOf(await invoke('gov::drop_table', { table: 'users' }));
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.message).toContain('gov::drop_*');
    expect(callLog(calls).filter((line) => line.startsWith('drop_table'))).toEqual([]);
  });

  it('refuses arguments over gates.max_message_bytes with GATE_FAILED (message_size) before the server sees them', async () => {
    const error = errorOf(await invoke('gov::echo', { text: 'a'.repeat(3000) }));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'message_size', tool_id: 'gov::echo' });
    expect(error.message).toContain('gates.max_message_bytes (2000)');
    expect(callLog(calls).filter((line) => line.startsWith('echo'))).toEqual([]);
  });

  it('refuses a result over gates.max_message_bytes with GATE_FAILED (message_size)', async () => {
    const error = errorOf(await invoke('gov::big', { bytes: 5000 }));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'message_size' });
    expect(error.message).toContain('the result take');
  });

  it('refuses structuredContent that breaks a draft-07 outputSchema, and passes one that matches it', async () => {
    const error = errorOf(await invoke('gov::bad_output'));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'output_schema' });
    expect(error.message).toContain('count must be number');
    const good = await invoke('gov::good_output');
    expect(good.isError).toBeFalsy();
    expect(textOf(good)).toContain('"count":3');
  });

  it('refuses structuredContent that breaks a 2020-12 outputSchema (prefixItems)', async () => {
    const error = errorOf(await invoke('gov::pair_2020'));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'output_schema' });
    expect(error.message).toContain('pair[1]');
  });

  it('refuses a result without structuredContent from a tool that declares an outputSchema', async () => {
    const error = errorOf(await invoke('gov::no_structured'));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'output_schema' });
    expect(error.message).toContain('no structuredContent');
  });

  it('refuses output holding a credential with gates.secrets block, and never shows the credential', async () => {
    const result = await invoke('gov::leak');
    const error = errorOf(result);
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'secrets' });
    expect(JSON.stringify(result)).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
  });

  it('refuses the third call of a tool in a minute with gates.rate_limit.per_tool 2, naming the rate_limit gate', async () => {
    expect((await invoke('gov::count')).isError).toBeFalsy();
    expect((await invoke('gov::count')).isError).toBeFalsy();
    const error = errorOf(await invoke('gov::count'));
    expect(error).toMatchObject({ code: 'GATE_FAILED', gate: 'rate_limit' });
    expect(error.message).toContain('gates.rate_limit.per_tool');
    expect(callLog(calls).filter((line) => line.startsWith('count'))).toHaveLength(2);
  });

  it('writes a blocked audit line for each refused call, naming the failed gate', async () => {
    const records = await waitForAudit(
      gw.sandbox,
      (all) => all.filter((record) => record.decision === 'blocked').length >= 8,
    );
    const blocked = records.filter((record) => record.decision === 'blocked');
    const failedGate = (record: AuditRecord) => record.gates.find((gate) => !gate.passed)?.gate;
    expect(blocked.map((record) => `${record.tool_id} ${failedGate(record)} ${record.error_code}`).sort()).toEqual(
      [
        'gov::bad_output output_schema GATE_FAILED',
        'gov::big message_size GATE_FAILED',
        'gov::count rate_limit GATE_FAILED',
        'gov::drop_table deny POLICY_DENIED',
        'gov::echo message_size GATE_FAILED',
        'gov::leak secrets GATE_FAILED',
        'gov::no_structured output_schema GATE_FAILED',
        'gov::pair_2020 output_schema GATE_FAILED',
      ].sort(),
    );
    for (const record of blocked) expect(record).toMatchObject({ mode: 'enforce', outcome: 'blocked', via: 'invoke' });
    expect(JSON.stringify(records)).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
  });
});

describe('gates in monitor mode, through gateway_invoke', () => {
  let gw: GatewayProcess;
  let calls: string;
  const invoke = (toolId: string, args: Record<string, unknown> = {}) =>
    gw.call('gateway_invoke', { tool_id: toolId, arguments: args });

  beforeAll(async () => {
    const sandbox = createSandbox();
    calls = path.join(sandbox.root, 'calls.log');
    gw = await startGateway({
      sandbox,
      servers: { gov: fixture('governance-server.mjs', { FIXTURE_CALL_LOG: calls }) },
      policy: [
        'mode: monitor',
        'tools:',
        '  deny: ["gov::whoami"]',
        'approval: ["gov::drop_*"]',
        'gates:',
        '  max_message_bytes: 2000',
        '  secrets: block',
        '  rate_limit:',
        '    per_tool: 1',
        '',
      ].join('\n'),
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('forwards every call a gate would refuse and answers with the original result', async () => {
    expect(textOf(await invoke('gov::echo', { text: 'a'.repeat(3000) }))).toBe('a'.repeat(3000));
    expect(textOf(await invoke('gov::big', { bytes: 5000 }))).toHaveLength(5000);
    const bad = await invoke('gov::bad_output');
    expect(bad.isError).toBeFalsy();
    expect(bad.structuredContent).toEqual({ count: 'many' });
    expect(textOf(await invoke('gov::no_structured'))).toBe('3');
    const leak = await invoke('gov::leak');
    expect(leak.isError).toBeFalsy();
    expect(textOf(leak)).toContain('token=');
    // The output filter's redaction still applies: monitor mode lets calls through, not credentials.
    expect(textOf(leak)).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    // rate_limit per_tool 1: the second call is over the limit, and still forwarded.
    expect((await invoke('gov::count')).isError).toBeFalsy();
    expect((await invoke('gov::count')).isError).toBeFalsy();
    // An approval rule is not asked in monitor mode (this client cannot even answer one).
    expect(textOf(await invoke('gov::drop_table', { table: 't' }))).toBe('dropped t');
    expect(callLog(calls).map((line) => line.split(' ')[0])).toEqual([
      'echo',
      'big',
      'bad_output',
      'no_structured',
      'leak',
      'count',
      'count',
      'drop_table',
    ]);
  });

  it('records would_block with the failed gate for each of those calls, and allowed for the rest', async () => {
    const records = await waitForAudit(gw.sandbox, (all) => all.length >= 8);
    const summary = records.map(
      (record) => `${record.tool_id} ${record.decision} ${record.gates.find((gate) => !gate.passed)?.gate ?? '-'}`,
    );
    expect(summary).toEqual([
      'gov::echo would_block message_size',
      'gov::big would_block message_size',
      'gov::bad_output would_block output_schema',
      'gov::no_structured would_block output_schema',
      'gov::leak would_block secrets',
      'gov::count allowed -',
      'gov::count would_block rate_limit',
      'gov::drop_table would_block approval',
    ]);
    for (const record of records) expect(record).toMatchObject({ mode: 'monitor', outcome: 'ok', via: 'invoke' });
  });

  it('shows a denied tool to search and describe, and lets its call through as would_block', async () => {
    const search = (await gw.call('gateway_catalog_search', { query: 'whoami', limit: 20 })).structuredContent as {
      results: { tool_id: string }[];
    };
    expect(search.results.map((hit) => hit.tool_id)).toContain('gov::whoami');
    expect((await gw.call('gateway_describe', { tool_id: 'gov::whoami' })).isError).toBeFalsy();
    expect((await invoke('gov::whoami')).isError).toBeFalsy();
    const records = await waitForAudit(gw.sandbox, (all) => all.some((record) => record.tool_id === 'gov::whoami'));
    const whoami = records.find((record) => record.tool_id === 'gov::whoami');
    expect(whoami).toMatchObject({ decision: 'would_block', outcome: 'ok' });
    expect(whoami?.gates.find((gate) => !gate.passed)?.gate).toBe('deny');
  });
});

describe('approvals through MCP elicitation', () => {
  let gw: ElicitingGateway;

  beforeAll(async () => {
    gw = await startElicitingGateway({
      servers: { gov: fixture('governance-server.mjs') },
      // A minute: a loaded machine answers the questions the tests do answer well within it.
      policy: 'approval: ["gov::drop_*"]\napproval_timeout_ms: 60000\n',
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('asks the user with an empty form naming the tool and runs the call when they accept', async () => {
    gw.answer = 'accept';
    const result = await gw.invoke('gov::drop_table', { table: 'users' });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('dropped users');
    expect(gw.questions).toHaveLength(1);
    expect(gw.questions[0]?.message).toContain('gov::drop_table');
    expect(gw.questions[0]?.message).toContain('users');
    expect(gw.questions[0]).toMatchObject({ requestedSchema: { type: 'object', properties: {} } });
  });

  it('masks credentials in the arguments the question shows', async () => {
    gw.answer = 'accept';
    const asked = gw.questions.length;
    await gw.invoke('gov::drop_table', { table: 'accounts', password: 'hunter2-hunter2', note: GITHUB_TOKEN_SHAPE });
    const message = gw.questions[asked]?.message ?? '';
    expect(message).toContain('accounts');
    expect(message).toContain('password');
    expect(message).not.toContain('hunter2-hunter2');
    expect(message).not.toContain(GITHUB_TOKEN_SHAPE);
  });

  it('refuses the call with APPROVAL_DENIED when the user declines, and does not call the server', async () => {
    gw.answer = 'decline';
    const before = textOf(await gw.invoke('gov::count'));
    const error = errorOf(await gw.invoke('gov::drop_table', { table: 'orders' }));
    expect(error).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
    expect(error.message).toContain('declined');
    // count reports the calls answered so far: drop_table did not reach the server.
    expect(Number(textOf(await gw.invoke('gov::count')))).toBe(Number(before) + 1);
  });

  it('refuses the call with APPROVAL_DENIED when the user dismisses the question', async () => {
    gw.answer = 'cancel';
    expect(errorOf(await gw.invoke('gov::drop_table', { table: 'x' }))).toMatchObject({
      code: 'APPROVAL_DENIED',
      gate: 'approval',
    });
  });

  it('does not ask about tools no approval rule matches', async () => {
    const asked = gw.questions.length;
    expect(textOf(await gw.invoke('gov::echo', { text: 'plain' }))).toBe('plain');
    expect(gw.questions).toHaveLength(asked);
  });
});

describe('an approval nobody answers', () => {
  it('refuses the call with APPROVAL_DENIED when no answer comes within approval_timeout_ms', async () => {
    // The client never answers, so the approval timeout ends the wait whatever the machine's speed.
    const gw = await startElicitingGateway({
      servers: { gov: fixture('governance-server.mjs') },
      policy: 'approval: ["gov::drop_*"]\napproval_timeout_ms: 500\n',
    });
    try {
      gw.answer = 'never';
      // The message names the approval timeout as what ended the wait (not the client's own timeout).
      const error = errorOf(await gw.invoke('gov::drop_table', { table: 'x' }));
      expect(error).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
      expect(error.message).toContain('no answer within 500 ms');
    } finally {
      await gw.close();
    }
  });
});

describe('approvals for a client without elicitation', () => {
  it('refuses a call that needs approval with APPROVAL_DENIED and runs the others', async () => {
    const gw = await startGateway({
      servers: { gov: fixture('governance-server.mjs') },
      policy: 'approval: ["gov::drop_*"]\n',
    });
    try {
      const error = errorOf(
        await gw.call('gateway_invoke', { tool_id: 'gov::drop_table', arguments: { table: 'users' } }),
      );
      expect(error).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
      expect(error.message).toContain('no elicitation support');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'gov::echo', arguments: { text: 'ok' } }))).toBe('ok');
    } finally {
      await gw.close();
    }
  });
});

describe('the audit log', () => {
  it('writes one line per call with redacted arguments, never the secret values, and logs --audit --json shows them', async () => {
    const sandbox = createSandbox();
    const apiKeyValue = 'plain-api-key-value-0123456789';
    const gw = await startGateway({ sandbox, servers: { gov: fixture('governance-server.mjs') }, policy: '' });
    try {
      const first = await gw.call('gateway_invoke', {
        tool_id: 'gov::echo',
        arguments: { text: 'hello', api_key: apiKeyValue },
      });
      expect(textOf(first)).toBe('hello');
      await gw.call('gateway_invoke', { tool_id: 'gov::echo', arguments: { text: `note ${GITHUB_TOKEN_SHAPE} end` } });
      // Default policy: secrets redact, so the leaked token comes back masked.
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'gov::leak', arguments: {} }))).toContain(
        '[REDACTED:github-token]',
      );
      const records = await waitForAudit(sandbox, (all) => all.length >= 3);
      expect(records).toHaveLength(3);
      const [withKey, withToken, leak] = records as [AuditRecord, AuditRecord, AuditRecord];
      expect(withKey).toMatchObject({
        tool_id: 'gov::echo',
        mode: 'enforce',
        decision: 'allowed',
        outcome: 'ok',
        via: 'invoke',
        client: 'toolgate-e2e',
      });
      expect(typeof withKey.session).toBe('string');
      expect(withKey.duration_ms).toBeGreaterThanOrEqual(0);
      expect(withKey.request_bytes).toBeGreaterThan(0);
      expect(withKey.response_bytes).toBeGreaterThan(0);
      expect(withKey.arguments?.text).toBe('hello');
      expect(withKey.arguments).toHaveProperty('api_key');
      expect(withKey.arguments?.api_key).not.toBe(apiKeyValue);
      expect(String(withToken.arguments?.text)).toContain('note ');
      expect(String(withToken.arguments?.text)).not.toContain(GITHUB_TOKEN_SHAPE);
      expect(leak.gates.find((gate) => gate.gate === 'secrets')).toMatchObject({ passed: true });
      const logs = await runCli(sandbox, ['logs', '--audit', '--json']);
      expect(logs.exitCode).toBe(0);
      const shown = logs.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditRecord);
      expect(shown.map((record) => record.tool_id)).toEqual(['gov::echo', 'gov::echo', 'gov::leak']);
      expect(logs.stdout).not.toContain(apiKeyValue);
    } finally {
      await gw.close();
    }
    try {
      const files = fs.readdirSync(auditDir(sandbox));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const text = fs.readFileSync(path.join(auditDir(sandbox), file), 'utf8');
        expect(text).not.toContain(apiKeyValue);
        expect(text).not.toContain(GITHUB_TOKEN_SHAPE);
      }
    } finally {
      sandbox.remove();
    }
  });

  it('writes no line when the policy says audit: false', async () => {
    const sandbox = createSandbox();
    const gw = await startGateway({
      sandbox,
      servers: { gov: fixture('governance-server.mjs') },
      policy: 'audit: false\n',
    });
    try {
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'gov::echo', arguments: { text: 'x' } }))).toBe('x');
    } finally {
      await gw.close();
    }
    expect(auditRecords(sandbox)).toEqual([]);
    sandbox.remove();
  });
});
