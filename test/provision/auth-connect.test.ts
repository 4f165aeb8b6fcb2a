// Credentials stored through gateway.auth_connect never come back out: not in answers, health, feedback or the log.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecretsFile } from '../../src/secrets/secret-store.js';
import { createSandbox, fixture, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';

const SECRET = 'tg-test-secret-7f3a9c2e51';
const PROJECT_SECRET = 'tg-project-secret-88d1e0b4';

describe('auth_connect', () => {
  let gw: GatewayProcess;
  const seen: string[] = [];

  beforeAll(async () => {
    // auth_connect stores only credentials the entry declares.
    gw = await startGateway({
      sandbox: createSandbox(),
      servers: { echo: fixture('echo-server.mjs', { ECHO_TOKEN: '${ECHO_TOKEN:-}', OTHER_TOKEN: '${OTHER_TOKEN:-}' }) },
    });
  });
  afterAll(async () => {
    const home = gw.sandbox.toolgateHome;
    await gw?.close();
    // After shutdown every log line is flushed: the secret must be in none of them.
    const log = fs.readFileSync(path.join(home, 'logs', 'toolgate.jsonl'), 'utf8');
    expect(log).toContain('"msg"');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(PROJECT_SECRET);
    gw?.sandbox.remove();
  });

  it('stores the credential with mode 0600 and answers without echoing it', async () => {
    const result = await gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: SECRET });
    seen.push(JSON.stringify(result));
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      stored: true,
      server: 'echo',
      name: 'ECHO_TOKEN',
      scope: 'user',
      server_state: 'ready',
    });
    const file = path.join(gw.sandbox.toolgateHome, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Encrypted at rest: the value is not on disk in the clear, and reads back through the store.
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(await readSecretsFile(file)).toEqual({ echo: { ECHO_TOKEN: SECRET } });
  });

  it('stores a project-scope credential beside the project, also 0600, with a .gitignore that keeps it out of commits', async () => {
    const result = await gw.call('gateway_auth_connect', {
      server: 'echo',
      name: 'OTHER_TOKEN',
      value: PROJECT_SECRET,
      scope: 'project',
    });
    seen.push(JSON.stringify(result));
    const file = path.join(gw.sandbox.project, '.toolgate', 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(PROJECT_SECRET);
    expect(await readSecretsFile(file)).toEqual({ echo: { OTHER_TOKEN: PROJECT_SECRET } });
    expect(fs.readFileSync(path.join(gw.sandbox.project, '.toolgate', '.gitignore'), 'utf8')).toBe(
      'secrets.json\nsecrets.key\n',
    );
  });

  it('redacts the stored values wherever a server sends them back', async () => {
    const result = await gw.call('gateway_invoke', {
      tool_id: 'echo::echo',
      arguments: { text: `user ${SECRET} project ${PROJECT_SECRET}` },
    });
    seen.push(JSON.stringify(result));
    expect(textOf(result)).toContain('[REDACTED:secret]');
  });

  it('keeps them out of health and of a feedback report that quotes them', async () => {
    seen.push(JSON.stringify(await gw.call('gateway_health')));
    const preview = await gw.call('gateway_submit_feedback', {
      summary: `it broke with ${SECRET}`,
      details: `token=${PROJECT_SECRET}`,
    });
    seen.push(JSON.stringify(preview));
    expect(preview.structuredContent).toMatchObject({ preview: true });
    const confirmed = await gw.call('gateway_submit_feedback', { summary: `it broke with ${SECRET}`, confirm: true });
    seen.push(JSON.stringify(confirmed));
    expect(String((confirmed.structuredContent as { url: string }).url)).toMatch(
      /^https:\/\/github\.com\/.+\/issues\/new\?title=/,
    );
  });

  it('redacts a feedback title before cutting it, so a secret across the cut leaves no prefix behind', async () => {
    // The title keeps 120 characters: the secret starts at 110 and runs past the cut.
    const summary = `${'x'.repeat(110)}${SECRET} and more`;
    const preview = await gw.json<{ title: string; body: string }>('gateway_submit_feedback', { summary });
    seen.push(JSON.stringify(preview));
    expect(preview.title).not.toContain(SECRET.slice(0, 10));
    expect(preview.title.length).toBeLessThanOrEqual(120);
    expect(preview.body).toContain('[REDACTED');
  });

  it('never showed either value in any answer', () => {
    expect(seen.length).toBeGreaterThanOrEqual(5);
    for (const answer of seen) {
      expect(answer).not.toContain(SECRET);
      expect(answer).not.toContain(PROJECT_SECRET);
    }
  });

  it('refuses a credential name that is not an environment variable name', async () => {
    const result = await gw.call('gateway_auth_connect', { server: 'echo', name: 'BAD NAME;', value: 'x' });
    expect(result.isError).toBe(true);
    expect((result.structuredContent as { error: { code: string } }).error.code).toBe('INVALID_ARGUMENTS');
  });
});

describe('sync_environment and request_capability', () => {
  it('report the platform and CLIs, and tier a need into manifest servers and local CLIs', async () => {
    const gw = await startGateway();
    try {
      const env = await gw.json<{ platform: string; node: string; clis: Record<string, string> }>(
        'gateway_sync_environment',
      );
      expect(env.platform).toBe(process.platform);
      expect(env.node).toBe(process.version);
      expect(env.clis.node).toBe(process.version.slice(1));
      const found = await gw.json<{ candidates: { tier: string; id: string; next_call: string }[] }>(
        'gateway_request_capability',
        { need: 'remember facts in a knowledge graph' },
      );
      expect(found.candidates).toContainEqual(
        expect.objectContaining({ tier: 'manifest', id: 'memory', next_call: 'gateway_provision {"server":"memory"}' }),
      );
      if (env.clis.git) {
        const git = await gw.json<{ candidates: { tier: string; id: string }[] }>('gateway_request_capability', {
          need: 'git commit',
        });
        expect(git.candidates).toContainEqual(expect.objectContaining({ tier: 'cli', id: 'git' }));
      }
    } finally {
      await gw.close();
    }
  });
});
