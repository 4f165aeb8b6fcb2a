// Flat exposure: toolgate as a plain aggregator in front of server-everything and a fixture, every tool, prompt and resource listed directly.
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { CallToolResult, ElicitResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { runCli } from '../cli/run-cli.js';
import { readAuditRecords } from '../support/audit-records.js';
import { rpcErrorOf } from '../support/gateway-error-of.js';
import {
  ROOT,
  TOOLGATE_BIN,
  createSandbox,
  everythingServer,
  fixture,
  gatewayEnv,
  startGateway,
  textOf,
  waitFor,
  writeProjectConfig,
  type Sandbox,
} from '../support/gateway-process.js';

const EVERYTHING_ENTRY = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

interface FlatGateway {
  client: Client;
  sandbox: Sandbox;
  stderr(): string;
  /** What the client was asked (elicitation) and sampled, in order. */
  asked: string[];
  /** What the elicitation handler answers. */
  elicitAnswer: 'accept' | 'decline';
  listChanged: number;
  logMessages: unknown[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

interface FlatOptions {
  servers: Record<string, unknown>;
  policy?: string;
  args?: string[];
  env?: Record<string, string>;
  clientName?: string;
}

/** A flat gateway whose client declares elicitation and sampling (startGateway's client declares neither). */
async function startFlatGateway(options: FlatOptions): Promise<FlatGateway> {
  const sandbox = createSandbox();
  writeProjectConfig(sandbox, options.servers);
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
  if (options.policy !== undefined) fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), options.policy);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [TOOLGATE_BIN, ...(options.args ?? ['--exposure', 'flat'])],
    cwd: sandbox.project,
    env: gatewayEnv(sandbox, options.env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(
    { name: options.clientName ?? 'toolgate-e2e-flat', version: '1.0.0' },
    { capabilities: { elicitation: {}, sampling: {} } },
  );
  const gateway: FlatGateway = {
    client,
    sandbox,
    stderr: () => stderr,
    asked: [],
    elicitAnswer: 'accept',
    listChanged: 0,
    logMessages: [],
    call: (name, args = {}) =>
      client.callTool({ name, arguments: args }, { timeout: MAX_TIMER_MS }) as Promise<CallToolResult>,
    close: async () => {
      await client.close();
      sandbox.remove();
    },
  };
  client.setRequestHandler('elicitation/create', async (request): Promise<ElicitResult> => {
    gateway.asked.push(`elicit: ${request.params.message}`);
    if (gateway.elicitAnswer === 'decline') return { action: 'decline' };
    // server-everything's form asks for a few fields; an approval form has none (extra content is ignored there).
    return {
      action: 'accept',
      content: {
        name: 'Ada',
        color: 'red',
        email: 'ada@example.com',
        homepage: 'https://example.com',
        birthdate: '2000-01-01',
        integer: 7,
        number: 1.5,
        untitledSingleSelectEnum: 'option1',
        titledSingleSelectEnum: 'option1',
      },
    };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    gateway.asked.push(`sample: ${JSON.stringify(request.params.messages)}`);
    return {
      model: 'fake-model',
      role: 'assistant',
      content: { type: 'text', text: 'sampled by the upstream client' },
    };
  });
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    gateway.listChanged += 1;
  });
  client.setNotificationHandler('notifications/message', (notification) => {
    gateway.logMessages.push(notification.params);
  });
  await client.connect(transport);
  return gateway;
}

describe('flat exposure in front of server-everything and a fixture', () => {
  let gw: FlatGateway;
  let direct: Client;

  beforeAll(async () => {
    gw = await startFlatGateway({
      servers: { everything: everythingServer(), gov: fixture('governance-server.mjs') },
      policy: [
        'tools:',
        '  deny: ["gov::whoami"]',
        'approval: ["gov::drop_*"]',
        'gates:',
        '  max_message_bytes: 20000',
        '',
      ].join('\n'),
    });
    // The same server, without toolgate, to compare answers with.
    direct = new Client({ name: 'direct', version: '1.0.0' });
    await direct.connect(
      new StdioClientTransport({ command: process.execPath, args: [EVERYTHING_ENTRY, 'stdio'], stderr: 'pipe' }),
    );
  });
  afterAll(async () => {
    await direct?.close();
    await gw?.close();
  });

  it('lists every allowed tool as server__tool and no meta-tools', async () => {
    const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('everything__echo');
    expect(names).toContain('everything__get-sum');
    expect(names).toContain('gov__echo');
    expect(names).toContain('gov__drop_table');
    expect(names.filter((name) => name.startsWith('gateway'))).toEqual([]);
    expect(names.every((name) => name.startsWith('everything__') || name.startsWith('gov__'))).toBe(true);
  });

  it('keeps the downstream tool definitions apart from the name', async () => {
    const viaGateway = (await gw.client.listTools()).tools.find(
      (tool) => tool.name === 'everything__get-structured-content',
    );
    const own = (await direct.listTools()).tools.find((tool) => tool.name === 'get-structured-content');
    expect(viaGateway?.inputSchema).toEqual(own?.inputSchema);
    expect(viaGateway?.outputSchema).toEqual(own?.outputSchema);
    expect(viaGateway?.description).toBe(own?.description);
  });

  it('answers a tool call with the same result as server-everything itself', async () => {
    const viaGateway = await gw.call('everything__echo', { message: 'hello flat' });
    const own = await direct.callTool({ name: 'echo', arguments: { message: 'hello flat' } });
    expect(viaGateway).toEqual(own);
    const sum = await gw.call('everything__get-sum', { a: 2, b: 40 });
    expect(sum).toEqual(await direct.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } }));
    const structured = await gw.call('everything__get-structured-content', { location: 'Chicago' });
    expect(structured.structuredContent).toEqual(
      (await direct.callTool({ name: 'get-structured-content', arguments: { location: 'Chicago' } })).structuredContent,
    );
  });

  it('lists prompts as server__prompt and gets one with its arguments', async () => {
    const prompts = (await gw.client.listPrompts()).prompts;
    const own = (await direct.listPrompts()).prompts;
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual(
      own.map((prompt) => `everything__${prompt.name}`).sort(),
    );
    const viaGateway = await gw.client.getPrompt({
      name: 'everything__args-prompt',
      arguments: { city: 'Lyon', state: 'Rhône' },
    });
    expect(viaGateway).toEqual(
      await direct.getPrompt({ name: 'args-prompt', arguments: { city: 'Lyon', state: 'Rhône' } }),
    );
  });

  it('refuses an unknown prompt with -32602', async () => {
    const error = await rpcErrorOf(gw.client.getPrompt({ name: 'no-such-prompt' }));
    expect(error.code).toBe(-32602);
  });

  it('lists resources with their URIs unchanged and reads one', async () => {
    const resources = (await gw.client.listResources()).resources;
    const own = (await direct.listResources()).resources;
    expect(resources.map((resource) => resource.uri).sort()).toEqual(own.map((resource) => resource.uri).sort());
    const uri = own[0]!.uri;
    expect(await gw.client.readResource({ uri })).toEqual(await direct.readResource({ uri }));
  });

  it('lists resource templates and reads a URI that only a template matches', async () => {
    const templates = (await gw.client.listResourceTemplates()).resourceTemplates;
    const own = (await direct.listResourceTemplates()).resourceTemplates;
    expect(templates.map((template) => template.uriTemplate).sort()).toEqual(
      own.map((template) => template.uriTemplate).sort(),
    );
    const template = own.find((entry) => entry.uriTemplate.includes('{'));
    if (!template) return;
    const uri = template.uriTemplate.replace(/\{[^}]*\}/, '1');
    expect(await gw.client.readResource({ uri })).toEqual(await direct.readResource({ uri }));
  });

  it('hides a tool a deny rule matches from tools/list', async () => {
    const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('gov__whoami');
  });

  // A denied tool is not listed, but its name still belongs to a configured server: a policy block, not an unknown name.
  it('refuses a call of a denied tool with JSON-RPC error -32001 (policy block)', async () => {
    const error = await rpcErrorOf(gw.call('gov__whoami'));
    expect(error.code).toBe(-32001);
  });

  it('answers an unknown tool name with -32602, like a plain server', async () => {
    const error = await rpcErrorOf(gw.call('nobody__nothing'));
    expect(error.code).toBe(-32602);
    expect(error.message).toContain('tools/list');
  });

  it('answers a gate failure with JSON-RPC error -32000 naming the gate', async () => {
    const error = await rpcErrorOf(gw.call('gov__big', { bytes: 30_000 }));
    expect(error.code).toBe(-32000);
    expect(error.data).toMatchObject({ code: 'GATE_FAILED', gate: 'message_size', tool_id: 'gov::big' });
    expect(textOf(await gw.call('gov__big', { bytes: 100 }))).toHaveLength(100);
  });

  it('asks for approval through elicitation, and a refusal is JSON-RPC error -32010 (toolgate own code; -32002 is MCP resource not found)', async () => {
    gw.elicitAnswer = 'accept';
    expect(textOf(await gw.call('gov__drop_table', { table: 'users' }))).toBe('dropped users');
    gw.elicitAnswer = 'decline';
    try {
      const error = await rpcErrorOf(gw.call('gov__drop_table', { table: 'users' }));
      expect(error.code).toBe(-32010);
      expect(error.data).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
    } finally {
      gw.elicitAnswer = 'accept';
    }
    expect(gw.asked.filter((question) => question.includes('gov::drop_table'))).toHaveLength(2);
  });

  it('relays a downstream elicitation request to the client whose call is running', async () => {
    const before = gw.asked.length;
    const result = await gw.call('everything__trigger-elicitation-request');
    expect(result.isError).toBeFalsy();
    expect(gw.asked.length).toBe(before + 1);
    expect(gw.asked[before]).toMatch(/^elicit: /);
    expect(JSON.stringify(result.content)).toContain('Ada');
  });

  it('relays a downstream sampling request to the client and hands its answer back', async () => {
    const result = await gw.call('everything__trigger-sampling-request', { prompt: 'say something', maxTokens: 20 });
    expect(result.isError).toBeFalsy();
    expect(gw.asked.some((entry) => entry.startsWith('sample: ') && entry.includes('say something'))).toBe(true);
    expect(JSON.stringify(result.content)).toContain('sampled by the upstream client');
  });

  it('forwards the downstream logging notifications at or above the level the client set', async () => {
    await gw.client.setLoggingLevel('debug');
    await gw.call('everything__toggle-simulated-logging');
    try {
      expect(await waitFor(() => gw.logMessages.length > 0, 8_000)).toBe(true);
    } finally {
      await gw.call('everything__toggle-simulated-logging');
    }
  });

  it('writes the audit line of a direct call with via flat', async () => {
    const lines = () => readAuditRecords<{ tool_id: string; via: string; decision: string }>(gw.sandbox.toolgateHome);
    await waitFor(() => lines().some((line) => line.tool_id === 'everything::echo'), 5_000);
    expect(lines().find((line) => line.tool_id === 'everything::echo')).toMatchObject({
      via: 'flat',
      decision: 'allowed',
    });
    expect(lines().find((line) => line.tool_id === 'gov::big' && line.decision === 'blocked')).toMatchObject({
      via: 'flat',
    });
  });
});

describe('flat exposure and tool set changes', () => {
  it('sends tools/list_changed when a downstream server adds a tool, and lists it', async () => {
    const gw = await startFlatGateway({ servers: { gov: fixture('governance-server.mjs') } });
    try {
      expect((await gw.client.listTools()).tools.map((tool) => tool.name)).not.toContain('gov__added');
      const before = gw.listChanged;
      await gw.call('gov__add_tool');
      expect(await waitFor(() => gw.listChanged > before, 5_000)).toBe(true);
      expect((await gw.client.listTools()).tools.map((tool) => tool.name)).toContain('gov__added');
      expect(textOf(await gw.call('gov__added'))).toBe('here');
    } finally {
      await gw.close();
    }
  });

  it('sends tools/list_changed when toolgate refresh picks up a new server, and lists its tools', async () => {
    const servers = { gov: fixture('governance-server.mjs') };
    const gw = await startFlatGateway({ servers, env: { TOOLGATE_EXPOSURE: 'flat' }, args: [] });
    try {
      expect((await gw.client.listTools()).tools.map((tool) => tool.name)).toContain('gov__echo');
      writeProjectConfig(gw.sandbox, {
        ...servers,
        extra: fixture('governance-server.mjs', { FIXTURE_NAME: 'extra' }),
      });
      const before = gw.listChanged;
      const refresh = await runCli(gw.sandbox, ['refresh', '--json']);
      expect(refresh.exitCode, refresh.stderr).toBe(0);
      expect(JSON.parse(refresh.stdout)).toMatchObject({ via: 'running', added: ['extra'] });
      expect(await waitFor(() => gw.listChanged > before, 5_000)).toBe(true);
      const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('extra__whoami');
      expect(textOf(await gw.call('extra__whoami'))).toBe('extra');
    } finally {
      await gw.close();
    }
  });
});

describe('flat exposure and a policy refresh', () => {
  it('drops a newly denied tool from tools/list with tools/list_changed, and refuses a call of it by its old name with -32001', async () => {
    const gw = await startFlatGateway({ servers: { gov: fixture('governance-server.mjs') }, policy: '' });
    try {
      expect((await gw.client.listTools()).tools.map((tool) => tool.name)).toContain('gov__echo');
      fs.writeFileSync(path.join(gw.sandbox.toolgateHome, 'policy.yaml'), 'tools:\n  deny: ["gov::echo"]\n');
      const before = gw.listChanged;
      expect((await runCli(gw.sandbox, ['refresh', '--json'])).exitCode).toBe(0);
      expect(await waitFor(() => gw.listChanged > before, 5_000)).toBe(true);
      // Not re-listed yet: the name is still known, and the policy gate refuses the call.
      const error = await rpcErrorOf(gw.call('gov__echo', { text: 'x' }));
      expect(error.code).toBe(-32001);
      expect(error.data).toMatchObject({ code: 'POLICY_DENIED', tool_id: 'gov::echo' });
      expect((await gw.client.listTools()).tools.map((tool) => tool.name)).not.toContain('gov__echo');
    } finally {
      await gw.close();
    }
  });
});

describe('flat exposure with --prefix never', () => {
  it("lists the servers' own tool names, keeps the first server's tool on a collision and logs an error", async () => {
    const gw = await startFlatGateway({
      servers: {
        beta: fixture('governance-server.mjs', { FIXTURE_NAME: 'beta' }),
        alpha: fixture('governance-server.mjs', { FIXTURE_NAME: 'alpha' }),
      },
      args: ['--exposure', 'flat', '--prefix', 'never'],
    });
    try {
      const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('whoami');
      expect(names).toContain('echo');
      expect(names.filter((name) => name === 'whoami')).toHaveLength(1);
      expect(names.some((name) => name.includes('__'))).toBe(false);
      expect(textOf(await gw.call('whoami'))).toBe('alpha');
      const logFile = path.join(gw.sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
      const logged = () => gw.stderr() + (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
      expect(await waitFor(() => logged().includes('--prefix is never'), 5_000)).toBe(true);
      expect(logged()).toContain('beta::whoami');
    } finally {
      await gw.close();
    }
  });
});

describe("flat exposure and toolgate's own CLI client", () => {
  // The CLI gets the meta-tools through the control socket's /cli route (test/security/f1-cli-client-name.test.ts), never by its name.
  it('lists no meta-tools for a stdio client that only calls itself toolgate-cli', async () => {
    const gw = await startGateway({
      servers: { gov: fixture('governance-server.mjs') },
      args: ['--exposure', 'flat'],
      clientName: 'toolgate-cli',
    });
    try {
      const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
      expect(names.some((name) => name.endsWith('invoke'))).toBe(false);
    } finally {
      await gw.close();
    }
  });
});
