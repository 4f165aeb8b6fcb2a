// Red-team re-check of F1: loader and interpreter variables of other runtimes than Node, Python and the dynamic
// loader. Each makes a server run someone else's code (.NET startup hooks, PHP's ini, Erlang flags, Python's keyring
// backend, a package index of someone else's for uvx); `toolgate secrets set` stored them and they reached the server.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifySecretName } from '../../src/secrets/secret-names.js';
import { runCli } from '../cli/run-cli.js';
import { createSandbox } from '../support/gateway-process.js';

const CODE_RUNNING_NAMES = [
  'DOTNET_STARTUP_HOOKS',
  'CORECLR_PROFILER_PATH',
  'COMPlus_EnableDiagnostics',
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'ERL_AFLAGS',
  'ELECTRON_RUN_AS_NODE',
  'PYTHON_KEYRING_BACKEND',
  'UV_INDEX_URL',
  'UV_EXTRA_INDEX_URL',
  'PIP_CONFIG_FILE',
  'PIP_FIND_LINKS',
  'GOFLAGS',
  'GOPROXY',
  'JULIA_LOAD_PATH',
  'R_PROFILE_USER',
  'TCLLIBPATH',
];

describe('red team, F1: loader variables of other runtimes', () => {
  it.each(CODE_RUNNING_NAMES)('%s is a loader or interpreter variable', (name) => {
    expect(classifySecretName(name)).toBe('denied');
  });

  it('credentials of those families stay credentials (a service named like one)', () => {
    expect(classifySecretName('PYTHON_API_KEY')).toBe('credential');
    expect(classifySecretName('GOOGLE_MAPS_API_KEY')).toBe('credential');
  });

  it('`toolgate secrets set` refuses DOTNET_STARTUP_HOOKS (exit 2) and stores nothing', async () => {
    const sandbox = createSandbox();
    try {
      const run = await runCli(sandbox, ['secrets', 'set', 'echo', 'DOTNET_STARTUP_HOOKS'], {
        input: '/tmp/hook.dll\n',
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('DOTNET_STARTUP_HOOKS');
      expect(fs.existsSync(path.join(sandbox.toolgateHome, 'secrets.json'))).toBe(false);
    } finally {
      sandbox.remove();
    }
  });
});
