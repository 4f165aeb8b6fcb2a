import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STARTER_POLICY_YAML } from '../../src/cli/init/starter-files.js';
import { parsePolicyLayer } from '../../src/policy/load-policy.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { runCliJson } from './run-cli.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

describe('toolgate init', () => {
  it('creates TOOLGATE_HOME with a starter servers.json and a policy.yaml that parses as an empty policy', async () => {
    const { exitCode, json } = await runCliJson(sandbox, ['init']);
    const servers = path.join(sandbox.toolgateHome, 'servers.json');
    const policy = path.join(sandbox.toolgateHome, 'policy.yaml');
    expect(exitCode).toBe(0);
    expect(json).toEqual({ home: sandbox.toolgateHome, created: [servers, policy], kept: [] });
    expect((fs.statSync(sandbox.toolgateHome).mode & 0o777).toString(8)).toBe('700');
    expect((fs.statSync(servers).mode & 0o777).toString(8)).toBe('600');
    // The example server is there to show the format, and disabled so nothing starts.
    expect(JSON.parse(fs.readFileSync(servers, 'utf8'))).toMatchObject({
      mcpServers: { memory: { command: 'npx', disabled: true } },
    });
    const layer = parsePolicyLayer(fs.readFileSync(policy, 'utf8'), policy);
    expect(layer).toMatchObject({ servers: { deny: [] }, tools: { deny: [] }, redact: [] });
  });

  it('keeps files that already exist and says which', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    const policy = path.join(sandbox.toolgateHome, 'policy.yaml');
    fs.writeFileSync(policy, 'tools:\n  deny: ["*::rm"]\n');
    const { json } = await runCliJson(sandbox, ['init']);
    expect(json).toEqual({
      home: sandbox.toolgateHome,
      created: [path.join(sandbox.toolgateHome, 'servers.json')],
      kept: [policy],
    });
    expect(fs.readFileSync(policy, 'utf8')).toBe('tools:\n  deny: ["*::rm"]\n');
  });

  it('writes a policy whose commented examples parse once uncommented', () => {
    // A user who uncomments an example must get a valid policy, not a start-up error.
    const uncommented = STARTER_POLICY_YAML.split('\n')
      .map((line) => line.replace(/^# (?=[a-z_]+:| {2})/, ''))
      .join('\n');
    const layer = parsePolicyLayer(uncommented, 'starter');
    expect(layer.tools).toEqual({ allow: ['github::*', 'memory::*'], deny: ['*::delete_*'] });
    expect(layer.redact.map((rule) => rule.name)).toEqual(['redact-0', 'internal-host']);
    expect(layer.redact[1]!.pattern.test('DB12.corp.example.com')).toBe(true);
    expect(layer.timeouts).toEqual({ defaultMs: 60_000, maxMs: 600_000 });
  });
});
