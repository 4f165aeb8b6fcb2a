// Secrets never reach the log file: a downstream server that prints its credentials on stderr, through a real gateway.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_FILE_NAME } from '../../src/log/file-logger.js';
import { createSandbox, startGateway, waitFor } from '../support/gateway-process.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stderr-secret-server.mjs');
const SERVICE_TOKEN = 'tg-test-service-credential-7f3a9c';
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

describe('the log file', () => {
  it('never holds a configured secret or a secret-shaped string that a downstream server printed on stderr', async () => {
    // Our own sandbox: close() leaves it, so the log can be read after the gateway has stopped.
    const sandbox = createSandbox();
    const gw = await startGateway({
      sandbox,
      servers: { leaky: { command: process.execPath, args: [FIXTURE], env: { SERVICE_TOKEN } } },
    });
    const file = path.join(gw.sandbox.toolgateHome, 'logs', LOG_FILE_NAME);
    const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    try {
      // Servers start on first use: a search starts this one.
      await gw.call('gateway_catalog_search', { query: 'echo' });
      expect(await waitFor(() => read().includes('stderr-secret-server ready'), 90_000)).toBe(true);
    } finally {
      await gw.close().catch(() => undefined);
    }
    const log = read();
    sandbox.remove();
    // The lines were logged, with the secrets replaced.
    expect(log).toContain('starting with token [REDACTED:secret]');
    expect(log).toContain('fallback credential [REDACTED:github-token]');
    expect(log).not.toContain(SERVICE_TOKEN);
    expect(log).not.toContain(GITHUB_TOKEN);
  });
});
