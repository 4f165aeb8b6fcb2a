import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  compiledManifestPath,
  defaultManifestFile,
  findManifestDir,
  isExactPep440,
  isExactSemver,
  isNpmPackageName,
  isPinnedDockerImage,
  loadManifest,
  parseManifest,
  sha256Of,
  writeCompiledManifest,
} from '../../src/manifest/index.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

describe('finding the shipped manifest', () => {
  it('works from the bundle in dist/ and from the sources in src/manifest/', () => {
    const expected = path.join(REPO, 'manifest');
    expect(findManifestDir(pathToFileURL(path.join(REPO, 'dist', 'toolgate.js')).href)).toBe(expected);
    expect(findManifestDir(pathToFileURL(path.join(REPO, 'src', 'manifest', 'load-manifest.ts')).href)).toBe(expected);
    expect(defaultManifestFile()).toBe(path.join(expected, 'servers.yaml'));
  });

  it('gives undefined far from any manifest', () => {
    expect(findManifestDir(pathToFileURL('/definitely/not/here/x.js').href)).toBeUndefined();
  });
});

describe('the compiled twin of the manifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'toolgate-manifest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const entry = (name: string) => ({
    name,
    description: 'A demo.',
    category: 'devtools',
    keywords: ['demo'],
    transport: 'stdio',
    npm: { package: 'demo-mcp', version: '1.0.0' },
    homepage: 'https://example.com',
  });

  it('ships up to date with servers.yaml (run `npm run manifest:check` after editing the YAML)', async () => {
    const yamlFile = defaultManifestFile()!;
    const twin = JSON.parse(await readFile(compiledManifestPath(yamlFile), 'utf8')) as { sourceSha256: string };
    expect(twin.sourceSha256).toBe(sha256Of(await readFile(yamlFile, 'utf8')));
  });

  it('is used when its hash matches the YAML, and gives the same document as parsing the YAML', async () => {
    const file = path.join(dir, 'servers.yaml');
    const text = stringify({ version: 1, servers: [entry('one')] });
    await writeFile(file, text);
    const parsed = parseManifest(text, file);
    expect(await writeCompiledManifest(file, text, parsed)).toBe(true);
    expect(await writeCompiledManifest(file, text, parsed)).toBe(false);
    expect((await loadManifest(file)).servers).toEqual(parsed.servers);
    // Proof that the twin, not the YAML, was read: a twin with other (valid) content under the same hash wins.
    await writeCompiledManifest(file, text, parseManifest(stringify({ version: 1, servers: [entry('from-twin')] }), file));
    expect((await loadManifest(file)).servers.map((server) => server.name)).toEqual(['from-twin']);
  });

  it('is ignored when stale, so an edited YAML wins even before the twin is rebuilt', async () => {
    const file = path.join(dir, 'servers.yaml');
    const oldText = stringify({ version: 1, servers: [entry('old')] });
    await writeCompiledManifest(file, oldText, parseManifest(oldText, file));
    await writeFile(file, stringify({ version: 1, servers: [entry('new')] }));
    expect((await loadManifest(file)).servers.map((server) => server.name)).toEqual(['new']);
  });

  it('is validated like the YAML: a tampered twin is not trusted', async () => {
    const file = path.join(dir, 'servers.yaml');
    const text = stringify({ version: 1, servers: [entry('good')] });
    await writeFile(file, text);
    await writeCompiledManifest(file, text, { version: 1, servers: [{ ...entry('../evil') }] });
    expect((await loadManifest(file)).servers.map((server) => server.name)).toEqual(['good']);
  });
});

describe('package grammars', () => {
  it('accept real npm names and refuse the rest', () => {
    for (const name of ['@modelcontextprotocol/server-memory', 'chrome-devtools-mcp', '@z_ai/mcp-server', 'time-mcp']) expect(isNpmPackageName(name), name).toBe(true);
    for (const name of ['', 'Upper', '@scope', '@/x', '.hidden', '_under', 'a b', 'a/b', 'x'.repeat(215)]) expect(isNpmPackageName(name), name).toBe(false);
  });

  it('accept exact versions only', () => {
    for (const version of ['1.0.0', '0.1.0-beta.19', '2026.8.31', '1.0.0+build.1']) expect(isExactSemver(version), version).toBe(true);
    for (const version of ['1.0', '^1.0.0', '*', 'latest', '1.0.0 - 2.0.0', '1.0.x']) expect(isExactSemver(version), version).toBe(false);
    for (const version of ['1.2.3', '0.0.1a8', '2025.4.1.post2', '1.0rc1', '1!2.0']) expect(isExactPep440(version), version).toBe(true);
    for (const version of ['>=1.0', '1.*', '==1.0', 'v1.0', '1.0.0-beta']) expect(isExactPep440(version), version).toBe(false);
  });

  it('accept docker images pinned by tag or digest', () => {
    for (const image of ['hashicorp/terraform-mcp-server:1.0.0', 'ghcr.io/github/github-mcp-server:v1.5.0', `mcp/x@sha256:${'a'.repeat(64)}`, 'localhost:5000/x:1']) {
      expect(isPinnedDockerImage(image), image).toBe(true);
    }
    for (const image of ['mcp/x', 'mcp/x:latest', 'localhost:5000/x', 'MCP/X:1', 'x:1 --privileged']) expect(isPinnedDockerImage(image), image).toBe(false);
  });
});
