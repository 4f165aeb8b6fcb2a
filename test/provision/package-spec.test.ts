// Package names and versions are checked against the npm and PyPI grammars before any command runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import { installNpmPackage } from '../../src/provision/npm-installer.js';
import { validatePackageSpec } from '../../src/provision/package-spec.js';

const HOSTILE_NAMES = [
  '../x',
  'a;rm -rf /',
  '--global',
  '-x',
  '@scope/../x',
  'a b',
  'x && echo hi',
  '$(id)',
  '`id`',
  '/etc/passwd',
  'C:\\x',
  '',
];

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof GatewayError ? error.code : 'NOT_A_GATEWAY_ERROR';
  }
  return undefined;
}

describe('validatePackageSpec', () => {
  it.each(HOSTILE_NAMES)('refuses the npm name %j', (name) => {
    expect(codeOf(() => validatePackageSpec({ ecosystem: 'npm', name, version: '1.0.0' }))).toBe('INVALID_ARGUMENTS');
  });

  it.each(HOSTILE_NAMES)('refuses the PyPI name %j', (name) => {
    expect(codeOf(() => validatePackageSpec({ ecosystem: 'pypi', name, version: '1.0.0' }))).toBe('INVALID_ARGUMENTS');
  });

  it.each(['^1.0.0', 'latest', '1.0', '1.0.0 || 2', '1.0.0;rm -rf /', 'v1.0.0', '*', 'file:../x'])(
    'refuses the npm version %j',
    (version) => {
      expect(codeOf(() => validatePackageSpec({ ecosystem: 'npm', name: 'ok-name', version }))).toBe(
        'INVALID_ARGUMENTS',
      );
    },
  );

  it('accepts real names and exact versions', () => {
    expect(
      codeOf(() =>
        validatePackageSpec({ ecosystem: 'npm', name: '@modelcontextprotocol/server-memory', version: '2026.8.31' }),
      ),
    ).toBeUndefined();
    expect(
      codeOf(() => validatePackageSpec({ ecosystem: 'pypi', name: 'mcp-server-time', version: '0.6.2' })),
    ).toBeUndefined();
    expect(
      codeOf(() => validatePackageSpec({ ecosystem: 'pypi', name: 'mcp_server.git', version: '2025.4.1.post2' })),
    ).toBeUndefined();
  });

  it('names what was expected and what was received', () => {
    const error = (() => {
      try {
        validatePackageSpec({ ecosystem: 'npm', name: 'a;rm -rf /', version: '1.0.0' });
      } catch (caught) {
        return caught as GatewayError;
      }
      return undefined;
    })();
    expect(error?.message).toContain('Expected an npm package name, received "a;rm -rf /"; nothing was run.');
  });
});

describe('installNpmPackage', () => {
  it.each(HOSTILE_NAMES.filter(Boolean))('refuses %j before creating any folder or running npm', async (name) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-spec-'));
    const serversDir = path.join(root, 'servers');
    try {
      // PATH is empty: had anything tried to run npm, the error would be a PROVISION_FAILED "not found on PATH".
      await expect(
        installNpmPackage({ serversDir, server: 'x', name, version: '1.0.0', env: { PATH: '' } }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENTS' });
      expect(fs.existsSync(serversDir)).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
