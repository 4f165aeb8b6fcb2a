import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultToolSnapshotDir,
  formatToolSnapshot,
  loadManifest,
  loadToolSnapshots,
  parseToolSnapshot,
  readToolSnapshot,
  snapshotMatchesServer,
  type ToolSnapshot,
} from '../../src/manifest/index.js';
import type { GatewayError } from '../../src/errors/index.js';

const SHIPPED = defaultToolSnapshotDir()!;

describe('the shipped tool snapshots', () => {
  it('exist for at least 40 npm servers (the aim of the manifest work; 95 ship today)', async () => {
    const files = (await readdir(SHIPPED)).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it('each match a manifest npm server by name, package and version', async () => {
    const manifest = await loadManifest();
    const snapshots = await loadToolSnapshots(SHIPPED);
    for (const [name, snapshot] of snapshots) {
      const server = manifest.servers.find((entry) => entry.name === name);
      expect(server, `${name}.json has no manifest server`).toBeDefined();
      expect(snapshotMatchesServer(snapshot, server!), `${name}.json was captured from ${snapshot.package}@${snapshot.version}`).toBe(true);
      expect(snapshot.tools.length, name).toBeGreaterThan(0);
    }
  });

  it('are in canonical form: re-normalizing gives identical bytes', async () => {
    for (const file of (await readdir(SHIPPED)).filter((entry) => entry.endsWith('.json'))) {
      const text = await readFile(path.join(SHIPPED, file), 'utf8');
      expect(formatToolSnapshot(parseToolSnapshot(text, file)), file).toBe(text);
    }
  });
});

describe('tool snapshot files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'toolgate-snapshots-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sample: ToolSnapshot = {
    server: 'demo',
    package: 'demo-mcp',
    version: '1.0.0',
    tools: [
      { name: 'zeta', inputSchema: { type: 'object', required: ['b', 'a'], properties: { b: { type: 'string' }, a: { type: 'number' } } } },
      { name: 'alpha', description: 'First.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } },
    ],
  };

  it('format tools by name and object keys sorted, arrays kept in order, with a trailing newline', () => {
    const text = formatToolSnapshot(sample);
    const parsed = JSON.parse(text) as ToolSnapshot;
    expect(parsed.tools.map((tool) => tool.name)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(parsed)).toEqual(['package', 'server', 'tools', 'version']);
    expect(Object.keys(parsed.tools[1]!.inputSchema.properties as object)).toEqual(['a', 'b']);
    expect(parsed.tools[1]!.inputSchema.required).toEqual(['b', 'a']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "package"');
    expect(formatToolSnapshot(parsed)).toBe(text);
  });

  it('read back by server name; a missing file or an unsafe name gives undefined', async () => {
    await writeFile(path.join(dir, 'demo.json'), formatToolSnapshot(sample));
    expect((await readToolSnapshot(dir, 'demo'))?.tools).toHaveLength(2);
    expect(await readToolSnapshot(dir, 'absent')).toBeUndefined();
    expect(await readToolSnapshot(dir, '../demo')).toBeUndefined();
  });

  it('refuse a file whose server differs from its file name, or whose schema is not an object schema', async () => {
    await writeFile(path.join(dir, 'other.json'), formatToolSnapshot(sample));
    await expect(readToolSnapshot(dir, 'other')).rejects.toMatchObject({ code: 'MANIFEST_INVALID', message: expect.stringContaining('expected "other"') });
    const bad = { ...sample, tools: [{ name: 'x', inputSchema: { type: 'string' } }] };
    await writeFile(path.join(dir, 'demo.json'), JSON.stringify(bad));
    await expect(readToolSnapshot(dir, 'demo')).rejects.toMatchObject({ code: 'MANIFEST_INVALID', message: expect.stringContaining('tools.0.inputSchema') });
  });

  it('load a folder, skipping bad files through onInvalid, and an absent folder as empty', async () => {
    await writeFile(path.join(dir, 'demo.json'), formatToolSnapshot(sample));
    await writeFile(path.join(dir, 'broken.json'), '{ not json');
    await writeFile(path.join(dir, 'notes.txt'), 'ignored');
    await expect(loadToolSnapshots(dir)).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    const problems: GatewayError[] = [];
    const loaded = await loadToolSnapshots(dir, { onInvalid: (error) => problems.push(error) });
    expect([...loaded.keys()]).toEqual(['demo']);
    expect(problems.map((error) => error.message)).toEqual([expect.stringContaining('broken.json is not valid JSON')]);
    expect((await loadToolSnapshots(path.join(dir, 'absent'))).size).toBe(0);
  });
});
