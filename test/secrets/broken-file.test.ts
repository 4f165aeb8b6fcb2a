// A secrets file that is not JSON is reported by position; no part of it reaches a message, a hint or a cause.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSecretStore, readSecretsFile, setSecret } from '../../src/secrets/secret-store.js';

const SECRET = 'ghp_SuperSecretValue1234567890';
// An unquoted value: V8's message for this quotes the text around the bad token.
const BROKEN = `{\n  "servers": {\n    "github": { "GITHUB_TOKEN": ${SECRET} }\n  }\n}\n`;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-secrets-broken-'));
  file = path.join(dir, 'secrets.json');
  await fs.writeFile(file, BROKEN, { mode: 0o600 });
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Everything an error carries that could be logged or shown: message, hint, cause chain. */
function everythingIn(error: unknown): string {
  return inspect(error, { depth: 10 });
}

describe('a secrets file that is not JSON', () => {
  it('loading reports the line and column and quotes nothing from the file', async () => {
    const { problems } = await loadSecretStore(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('is not valid JSON (line 3, column');
    expect(problems[0]).not.toContain('ghp_');
    expect(problems[0]).not.toContain('GITHUB_TOKEN');
  });

  it('editing refuses with the position and keeps no JSON error as cause', async () => {
    const error = await readSecretsFile(file).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('it is not valid JSON (line 3, column');
    expect((error as Error).cause).toBeUndefined();
    expect(everythingIn(error)).not.toContain('ghp_');
    const setError = await setSecret(file, 'github', 'OTHER', 'x').catch((caught: unknown) => caught);
    expect(everythingIn(setError)).not.toContain('ghp_');
    expect(await fs.readFile(file, 'utf8')).toBe(BROKEN);
  });
});
