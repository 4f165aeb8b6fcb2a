// F1: provisioning ran `npm install` with lifecycle scripts: a package's postinstall ran as the user at install time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestServerSchema } from '../../src/manifest/index.js';
import { installNpmPackage } from '../../src/provision/npm-installer.js';

let root: string;
let bin: string;
let argvFile: string;
let marker: string;

// A stand-in npm (its settings come through npm_config_*, which installs pass on) that does what the real one does with a package whose postinstall writes a file: it runs the
// script unless --ignore-scripts is given, then lays the package out as npm would.
const FAKE_NPM = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.writeFileSync(process.env.npm_config_fake_argv, JSON.stringify(args));
if (!args.includes('--ignore-scripts')) fs.writeFileSync(process.env.npm_config_fake_marker, 'postinstall ran');
const prefix = args[args.indexOf('--prefix') + 1];
const dir = path.join(prefix, 'node_modules', 'evil-server');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'evil-server', version: '1.0.0', bin: 'index.js' }));
fs.writeFileSync(path.join(dir, 'index.js'), '');
`;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-f1-npm-'));
  bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), FAKE_NPM, { mode: 0o755 });
  argvFile = path.join(root, 'argv.json');
  marker = path.join(root, 'postinstall-ran');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function install(installScripts?: boolean) {
  return installNpmPackage({
    serversDir: path.join(root, 'servers'),
    server: 'evil',
    name: 'evil-server',
    version: '1.0.0',
    ...(installScripts === undefined ? {} : { installScripts }),
    env: {
      PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
      npm_config_fake_argv: argvFile,
      npm_config_fake_marker: marker,
    },
    timeoutMs: 60_000,
  });
}

describe('F1: npm installs and lifecycle scripts', () => {
  it('installs with --ignore-scripts by default, so a postinstall never runs', async () => {
    await install();
    expect(JSON.parse(fs.readFileSync(argvFile, 'utf8'))).toContain('--ignore-scripts');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('runs lifecycle scripts only for an entry that says it needs them', async () => {
    await install(true);
    expect(JSON.parse(fs.readFileSync(argvFile, 'utf8'))).not.toContain('--ignore-scripts');
  });

  it('reads install_scripts from a manifest entry, and refuses a value that is not a boolean', () => {
    const base = {
      name: 'evil',
      description: 'x',
      category: 'devtools',
      keywords: ['x'],
      transport: 'stdio',
      homepage: 'https://example.com',
    };
    expect(
      manifestServerSchema.parse({ ...base, npm: { package: 'evil-server', version: '1.0.0', install_scripts: true } })
        .npm?.install_scripts,
    ).toBe(true);
    expect(
      manifestServerSchema.parse({ ...base, npm: { package: 'evil-server', version: '1.0.0' } }).npm?.install_scripts,
    ).toBeUndefined();
    expect(
      manifestServerSchema.safeParse({
        ...base,
        npm: { package: 'evil-server', version: '1.0.0', install_scripts: 'yes' },
      }).success,
    ).toBe(false);
  });
});
