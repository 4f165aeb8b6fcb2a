// Policy, bad config and hostile servers, seen through a real gateway subprocess.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TOOLGATE_BIN,
  createSandbox,
  fixture,
  gatewayEnv,
  isAlive,
  startGateway,
  textOf,
  waitFor,
  writeProjectConfig,
} from '../support/gateway-process.js';

interface SearchAnswer {
  results: { tool_id: string; online: boolean }[];
}
interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}

/** Runs toolgate to completion (for start-up failures) and returns its exit code and stderr. */
function runToExit(
  sandbox: ReturnType<typeof createSandbox>,
  args: string[] = [],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TOOLGATE_BIN, ...args], {
      cwd: sandbox.project,
      env: gatewayEnv(sandbox),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`toolgate did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('policy', () => {
  it('makes denied tools invisible in search and refused in describe and invoke', async () => {
    const gw = await startGateway({
      servers: { many: fixture('many-tools-server.mjs') },
      policy: 'tools:\n  deny: ["many::delete_*"]\n',
    });
    try {
      const search = await gw.json<SearchAnswer>('gateway_catalog_search', { query: 'delete repository', limit: 50 });
      expect(search.results.map((r) => r.tool_id)).not.toContain('many::delete_repository');
      const all = await gw.json<SearchAnswer>('gateway_catalog_search', { query: '', limit: 50 });
      expect(all.results.length).toBe(14);
      expect(all.results.map((r) => r.tool_id)).not.toContain('many::delete_repository');
      for (const [tool, args] of [
        ['gateway_describe', {}],
        ['gateway_invoke', { arguments: { repo: 'x' } }],
      ] as const) {
        const answer = (await gw.call(tool, { tool_id: 'many::delete_repository', ...args }))
          .structuredContent as unknown as ErrorAnswer;
        expect(answer.error.code).toBe('POLICY_DENIED');
        expect(answer.error.message).toContain('many::delete_*');
      }
    } finally {
      await gw.close();
    }
  });

  it('cuts text output at the byte cap with a marker saying how much was cut', async () => {
    const gw = await startGateway({
      servers: { many: fixture('many-tools-server.mjs') },
      policy: 'max_output_bytes: 1000\n',
    });
    try {
      const result = await gw.call('gateway_invoke', { tool_id: 'many::big_output', arguments: { bytes: 5000 } });
      const text = textOf(result);
      expect(text.startsWith('abcdefghij')).toBe(true);
      expect(text).toContain('4,000 of 5,000 bytes cut');
      expect(text.length).toBeLessThan(1400);
      const image = await gw.call('gateway_invoke', { tool_id: 'many::make_image', arguments: { bytes: 4000 } });
      expect(image.content.map((block) => block.type)).toEqual(['text']);
      expect(textOf(image)).toContain('max_output_bytes=1000');
    } finally {
      await gw.close();
    }
  });

  it('counts max_output_tokens with the real o200k tokenizer in the built gateway', async () => {
    const gw = await startGateway({
      servers: { many: fixture('many-tools-server.mjs') },
      policy: 'max_output_tokens: 100\n',
    });
    try {
      const result = await gw.call('gateway_invoke', { tool_id: 'many::big_output', arguments: { bytes: 5000 } });
      const kept = textOf(result).split('\n[toolgate:')[0] ?? '';
      expect(textOf(result)).toContain('max_output_tokens=100');
      // The 4-characters estimate would keep exactly 400; the repeating alphabet packs far more per o200k token.
      expect(kept.length).toBeGreaterThan(1000);
      expect((result._meta?.['toolgate/truncated'] as { tokensCut: number }).tokensCut).toBeGreaterThan(0);
    } finally {
      await gw.close();
    }
  });

  it('stops start-up with a message naming the file when the policy does not parse', async () => {
    const sandbox = createSandbox();
    try {
      fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
      const policyFile = path.join(sandbox.toolgateHome, 'policy.yaml');
      fs.writeFileSync(policyFile, 'tools:\n  deny_list: ["*"]\n');
      const { code, stderr } = await runToExit(sandbox);
      expect(code).toBe(1);
      expect(stderr).toContain(policyFile);
      expect(stderr).toContain('deny_list');
    } finally {
      sandbox.remove();
    }
  });
});

describe('bad config and hostile servers', () => {
  it('reports malformed JSON in one config file and keeps serving servers from the others', async () => {
    const sandbox = createSandbox();
    fs.writeFileSync(
      path.join(sandbox.home, '.mcp.json'),
      JSON.stringify({ mcpServers: { many: fixture('many-tools-server.mjs') } }),
    );
    fs.writeFileSync(path.join(sandbox.project, '.mcp.json'), '{ "mcpServers": { "x": { "command": "node", } }');
    const gw = await startGateway({ sandbox });
    try {
      const health = await gw.json<{ config_problems: { file: string; message: string }[] }>('gateway_health');
      expect(health.config_problems[0]?.file).toBe(path.join(sandbox.project, '.mcp.json'));
      expect(health.config_problems[0]?.message).toMatch(/line 1/);
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'many::echo', arguments: { text: 'ok' } }))).toBe('ok');
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });

  it('disables an invalid entry with an error naming file, server and field', async () => {
    const gw = await startGateway({
      servers: { good: fixture('echo-server.mjs'), bad: { command: 'node', args: 'not-an-array' } },
    });
    try {
      const health = await gw.json<{ servers: { name: string; state: string; last_error?: { message: string } }[] }>(
        'gateway_health',
      );
      const bad = health.servers.find((s) => s.name === 'bad');
      expect(bad?.state).toBe('disabled');
      expect(bad?.last_error?.message).toContain('args');
      expect(bad?.last_error?.message).toContain('.mcp.json');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'good::echo', arguments: { text: 'fine' } }))).toBe(
        'fine',
      );
    } finally {
      await gw.close();
    }
  });

  it('contains servers that print garbage, exit at once, or use sloppy schemas', async () => {
    const gw = await startGateway({
      servers: {
        garbage: fixture('garbage-server.mjs'),
        dies: fixture('exit-at-once.mjs'),
        legacy: fixture('many-tools-server.mjs', { FIXTURE_BAD_SCHEMA: '1', FIXTURE_NAME: 'legacy' }),
      },
    });
    try {
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'garbage::ping' }))).toBe('pong');
      const died = (await gw.call('gateway_invoke', { tool_id: 'dies::anything' }))
        .structuredContent as unknown as ErrorAnswer;
      expect(died.error.code).toBe('DOWNSTREAM_UNAVAILABLE');
      expect(died.error.message).toContain('exited with code 1');
      expect(died.error.message).toContain('fatal: missing config');
      const log = path.join(gw.sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
      const logged = () =>
        fs.existsSync(log) &&
        fs
          .readFileSync(log, 'utf8')
          .split('\n')
          .some((line) => line.includes('"server":"dies"') && line.includes('fatal: missing config'));
      expect(await waitFor(logged, 3_000)).toBe(true);
      const legacy = await gw.json<{ tools: { input_schema: { type: string } }[] }>('gateway_describe', {
        tool_id: 'legacy::legacy_tool',
      });
      expect(legacy.tools[0]?.input_schema.type).toBe('object');
      expect(
        textOf(await gw.call('gateway_invoke', { tool_id: 'legacy::legacy_tool', arguments: { q: 'x' } })),
      ).toContain('legacy results');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'garbage::ping' }))).toBe('pong');
    } finally {
      await gw.close();
    }
  });

  it('skips an entry that would launch toolgate itself', async () => {
    const gw = await startGateway({ servers: { me: { command: 'npx', args: ['-y', 'toolgate@latest'] } } });
    try {
      const health = await gw.json<{ skipped: { name: string; reason: string }[]; servers: unknown[] }>(
        'gateway_health',
      );
      expect(health.skipped.map((s) => s.name)).toEqual(['me']);
      expect(health.servers).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});

describe('catalog', () => {
  it('searches offline servers from the cache of their last tool list, without starting them', async () => {
    const sandbox = createSandbox();
    const servers = { many: fixture('many-tools-server.mjs') };
    const first = await startGateway({ sandbox, servers });
    await first.call('gateway_describe', { tool_id: 'many::echo' });
    await first.close();
    const second = await startGateway({ sandbox, servers });
    try {
      const answer = await second.json<SearchAnswer>('gateway_catalog_search', {
        query: 'translate text to another language',
      });
      expect(answer.results[0]).toMatchObject({ tool_id: 'many::translate_text', online: false });
      expect(second.children()).toEqual([]);
      // include_offline: false (now include_uninstalled) leaves out manifest servers, never a configured one that is not running.
      for (const args of [{ include_offline: false }, { include_uninstalled: false }]) {
        const installedOnly = await second.json<SearchAnswer>('gateway_catalog_search', {
          query: 'translate',
          ...args,
        });
        expect(installedOnly.results[0]).toMatchObject({ tool_id: 'many::translate_text', online: false });
        expect(installedOnly.results.map((hit) => hit.tool_id.split('::')[0])).toEqual(
          installedOnly.results.map(() => 'many'),
        );
      }
      expect(second.children()).toEqual([]);
    } finally {
      await second.close();
      sandbox.remove();
    }
  });

  it("re-lists a server's tools when it sends tools/list_changed", async () => {
    const gw = await startGateway({
      servers: { dyn: fixture('many-tools-server.mjs', { FIXTURE_TOOLS_CHANGE: '1', FIXTURE_NAME: 'dyn' }) },
    });
    try {
      await gw.call('gateway_invoke', { tool_id: 'dyn::add_tool', arguments: { name: 'summon_unicorn' } });
      // The re-list happens asynchronously after the notification: poll the catalog until it shows.
      await expect
        .poll(
          async () =>
            (await gw.json<SearchAnswer>('gateway_catalog_search', { query: 'summon unicorn' })).results[0]?.tool_id,
          { timeout: 20_000, interval: 50 },
        )
        .toBe('dyn::summon_unicorn');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'dyn::summon_unicorn' }))).toContain(
        'hello from summon_unicorn',
      );
    } finally {
      await gw.close();
    }
  });

  it('picks up a new server and a changed policy on refresh', async () => {
    const gw = await startGateway({ servers: { one: fixture('echo-server.mjs') } });
    try {
      writeProjectConfig(gw.sandbox, {
        one: fixture('echo-server.mjs'),
        two: fixture('many-tools-server.mjs', { FIXTURE_NAME: 'two' }),
      });
      fs.writeFileSync(path.join(gw.sandbox.toolgateHome, 'policy.yaml'), 'servers:\n  deny: ["one"]\n');
      const report = await gw.json<{ added: string[] }>('gateway_refresh');
      expect(report.added).toEqual(['two']);
      const denied = (await gw.call('gateway_invoke', { tool_id: 'one::echo', arguments: { text: 'x' } }))
        .structuredContent as unknown as ErrorAnswer;
      expect(denied.error.code).toBe('POLICY_DENIED');
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'two::echo', arguments: { text: 'y' } }))).toBe('y');
      fs.writeFileSync(path.join(gw.sandbox.toolgateHome, 'policy.yaml'), 'servers: [broken\n');
      const broken = (await gw.call('gateway_refresh')).structuredContent as unknown as ErrorAnswer;
      expect(broken.error.code).toBe('POLICY_INVALID');
      // The old policy stays in force.
      expect(
        (
          (await gw.call('gateway_invoke', { tool_id: 'one::echo', arguments: { text: 'x' } }))
            .structuredContent as unknown as ErrorAnswer
        ).error.code,
      ).toBe('POLICY_DENIED');
    } finally {
      await gw.close();
    }
  });
});

describe('singleton lock', () => {
  it('refuses a second HTTP service clearly while a gateway runs, and a new one takes over after the owner is killed', async () => {
    const sandbox = createSandbox();
    const first = await startGateway({ sandbox, servers: {} });
    try {
      // (A second stdio gateway attaches instead: test/e2e/attach.test.ts.)
      const second = await runToExit(sandbox, ['serve', '--http', '--port', '0']);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`pid ${first.pid}`);
      expect(second.stderr).toContain('TOOLGATE_LOCK_DIR');
      process.kill(first.pid, 'SIGKILL');
      expect(await waitFor(() => !isAlive(first.pid), 5_000)).toBe(true);
      const third = await startGateway({ sandbox, servers: {} });
      const health = await third.json<{ gateway: { lock: { took_over: boolean } } }>('gateway_health');
      expect(health.gateway.lock.took_over).toBe(true);
      await third.close();
    } finally {
      await first.client.close().catch(() => undefined);
      sandbox.remove();
    }
  });
});
