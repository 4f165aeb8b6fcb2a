// servers.json: a broken entry of another server does not block a write; a file that cannot be read says which and what to do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGatewayError } from '../../src/errors/index.js';
import { ServersFile } from '../../src/provision/servers-file.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-servers-file-'));
  file = path.join(dir, 'servers.json');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('servers.json problems', () => {
  it('writes and reads one entry while another entry is not an object, and keeps that one as it was', async () => {
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { broken: 'oops', list: [1], memory: { command: 'old' } } }));
    const servers = new ServersFile(file);
    await servers.upsert('github', { command: 'github-mcp' });
    expect(await servers.get('github')).toEqual({ command: 'github-mcp' });
    expect(await servers.read()).toEqual({ memory: { command: 'old' }, github: { command: 'github-mcp' } });
    await servers.remove('memory');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { broken: 'oops', list: [1], github: { command: 'github-mcp' } },
    });
  });

  it('refuses to take over an entry of the same name that is not an object, naming it', async () => {
    fs.writeFileSync(file, JSON.stringify({ mcpServers: { github: 42 } }));
    await expect(new ServersFile(file).get('github')).rejects.toThrow(`The entry "github" in ${file} is not an object`);
  });

  it('a servers.json that is a directory fails with an error naming the file and the next step', async () => {
    fs.mkdirSync(file);
    const error = await new ServersFile(file).upsert('github', { command: 'x' }).catch((caught: unknown) => caught);
    expect(isGatewayError(error)).toBe(true);
    expect((error as Error).message).toContain(`${file} could not be read (EISDIR)`);
    expect((error as { hint?: string }).hint).toContain('Move the folder');
  });
});
