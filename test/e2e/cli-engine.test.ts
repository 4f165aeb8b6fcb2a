import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  gatewayEnv,
  TOOLGATE_BIN,
  writeProjectConfig,
  type Sandbox,
} from '../support/gateway-process.js';
import { startHttpGateway, type HttpGateway } from '../support/http-gateway.js';

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

function cli(sandbox: Sandbox, ...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [TOOLGATE_BIN, ...args], {
    cwd: sandbox.project,
    env: gatewayEnv(sandbox),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, json: <T>() => JSON.parse(run.stdout) as T };
}

describe('CLI engine commands with no gateway running', () => {
  const sandbox = createSandbox();
  beforeAll(() =>
    writeProjectConfig(sandbox, {
      echo: fixture('echo-server.mjs'),
      many: fixture('many-tools-server.mjs'),
      slow: fixture('slow-server.mjs'),
    }),
  );
  afterAll(() => sandbox.remove());

  it('status says nothing runs and exits 1', () => {
    const run = cli(sandbox, 'status', '--json');
    expect(run.status).toBe(1);
    expect(run.json()).toEqual({ running: false, lock_dir: sandbox.toolgateHome });
  });

  it('search, describe and call run a short-lived engine in-process and leave no lock behind', () => {
    const search = cli(sandbox, 'search', 'echo text back', '--json');
    expect(search.status).toBe(0);
    expect(search.json<{ results: { tool_id: string }[] }>().results.map((hit) => hit.tool_id)).toContain('echo::echo');
    // Plain text marks a manifest tool as not installed; --online keeps only configured servers' tools, running or not.
    expect(cli(sandbox, 'search', 'echo', '--limit', '50').stdout).toContain('(not installed)');
    const configured = cli(sandbox, 'search', 'echo', '--online', '--limit', '50', '--json').json<{
      results: { tool_id: string; installed?: boolean }[];
    }>().results;
    expect(configured.map((hit) => hit.tool_id)).toContain('echo::echo');
    expect(configured.filter((hit) => hit.installed === false)).toEqual([]);
    const describe = cli(sandbox, 'describe', 'many::add', '--json');
    expect(describe.status).toBe(0);
    expect(
      describe.json<{ tools: { tool_id: string; input_schema: { required: string[] } }[] }>().tools[0],
    ).toMatchObject({ tool_id: 'many::add' });
    const call = cli(sandbox, 'call', 'echo::echo', '--args', '{"text":"from the terminal"}', '--json');
    expect(call.status).toBe(0);
    expect(call.json<{ content: { text: string }[] }>().content[0]?.text).toBe('from the terminal');
    expect(cli(sandbox, 'call', 'echo::echo', '--args', '{"text":"plain"}').stdout.trim()).toBe('plain');
    expect(cli(sandbox, 'status').status).toBe(1);
    // The engine records its calls in the audit log like a gateway does.
    const audit = cli(sandbox, 'logs', '--audit', '--json');
    const lines = audit.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tool_id: string; client?: string });
    expect(lines.filter((line) => line.tool_id === 'echo::echo')).toHaveLength(2);
    expect(lines[0]?.client).toBe('toolgate-cli');
  });

  it('reports a tool error with its code and hint and exits 1', () => {
    const run = cli(sandbox, 'call', 'echo::no_such_tool', '--json');
    expect(run.status).toBe(1);
    expect(run.json<{ error: { code: string; hint: string } }>().error.code).toBe('TOOL_NOT_FOUND');
    const uninstalled = cli(sandbox, 'call', 'memory::read_graph');
    expect(uninstalled.status).toBe(1);
    expect(uninstalled.stderr).toContain('what to do: Call `toolgate provision memory`');
    const human = cli(sandbox, 'call', 'many::add', '--args', '{"a":"x"}');
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('INVALID_ARGUMENTS');
  });

  it('refuses bad --args, --limit and --timeout values with a usage error (exit 2) naming what it received', () => {
    const run = cli(sandbox, 'call', 'echo::echo', '--args', '[1,2]');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--args must be a JSON object');
    const limit = cli(sandbox, 'search', 'echo', '--limit', 'abc');
    expect(limit.status).toBe(2);
    expect(limit.stderr).toContain('--limit expects a whole number from 1 to 50; received "abc"');
    expect(cli(sandbox, 'call', 'echo::echo', '--timeout', '0').status).toBe(2);
    const config = cli(sandbox, 'search', 'echo', '--config', '/no/such/file.json');
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('--config names a file that does not exist');
  });

  it('keeps a call alive past --timeout while the server sends progress (an idle timeout)', () => {
    // 6 s of sleep with progress every 100 ms, against a 2 s idle timeout (twenty ticks a loaded machine cannot all miss).
    const run = cli(sandbox, 'call', 'slow::sleep', '--args', '{"ms":6000}', '--timeout', '2000');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('slept 6000');
  });

  it('calls a meta-tool by its gateway name in either style', () => {
    const run = cli(sandbox, 'call', 'gateway.health', '--json');
    expect(run.status).toBe(0);
    expect(run.json<{ structuredContent: { servers: unknown[] } }>().structuredContent.servers).toHaveLength(3);
  });
});

describe('CLI engine commands talking to the running gateway', () => {
  let service: HttpGateway;
  beforeAll(async () => {
    service = await startHttpGateway({ servers: { echo: fixture('echo-server.mjs') } });
  });
  afterAll(async () => service?.stop());

  it('status shows the service, its sessions and its servers', async () => {
    const client = await service.connect({ name: 'status-watcher' });
    await client.callTool({
      name: 'gateway_invoke',
      arguments: { tool_id: 'echo::echo', arguments: { text: 'warm' } },
    });
    const run = cli(service.sandbox, 'status', '--json');
    expect(run.status).toBe(0);
    const report = run.json<{
      mode: string;
      pid: number;
      url: string;
      sessions: { client?: string }[];
      servers: { name: string; state: string; tools?: number }[];
    }>();
    expect(report).toMatchObject({ mode: 'http', pid: service.pid, url: service.url });
    expect(report.sessions).toContainEqual(expect.objectContaining({ client: 'status-watcher' }));
    expect(report.servers).toEqual([expect.objectContaining({ name: 'echo', state: 'ready', tools: 1 })]);
    const human = cli(service.sandbox, 'status');
    expect(human.stdout).toContain(`pid ${service.pid}`);
    expect(human.stdout).toMatch(/echo\s+ready\s+1 tool\b/);
  });

  it('call goes through the running gateway (its server is not started a second time) and ends its session', () => {
    const run = cli(service.sandbox, 'call', 'echo::echo', '--args', '{"text":"shared"}');
    expect(run.stdout.trim()).toBe('shared');
    const status = cli(service.sandbox, 'status', '--json').json<{ sessions: { client?: string }[] }>();
    expect(status.sessions.filter((session) => session.client === 'toolgate-cli')).toEqual([]);
  });

  it('refresh reloads the running gateway and restarts a server on request', () => {
    const run = cli(service.sandbox, 'refresh', '--server', 'echo', '--json');
    expect(run.status).toBe(0);
    expect(run.json()).toMatchObject({ via: 'running', restarted: ['echo'] });
  });
});
