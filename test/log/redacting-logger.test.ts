import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/log/file-logger.js';
import { sanitizeLogValue } from '../../src/log/sanitize-log-fields.js';
import { createSecretTextRedactor } from '../../src/redaction/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The destination writes asynchronously: waits until `lines` records are in the file. */
async function readLog(file: string, lines: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.split('\n').filter(Boolean).length >= lines || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function logsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-log-'));
  dirs.push(dir);
  return dir;
}

describe('createFileLogger redaction', () => {
  it('censors secret-named keys at any depth, top level included', async () => {
    const log = createFileLogger({ logsDir: logsDir() });
    log.logger.info(
      {
        token: 'top-level-token-value',
        a: { b: { password: 'deep-password-value' } },
        list: [{ headers: { authorization: 'x' } }],
        tokens: 12,
      },
      'keys',
    );
    const text = await readLog(log.file, 1);
    expect(text).not.toContain('top-level-token-value');
    expect(text).not.toContain('deep-password-value');
    const record = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(record).toMatchObject({
      token: '[REDACTED]',
      a: { b: { password: '[REDACTED]' } },
      list: [{ headers: '[REDACTED]' }],
      tokens: 12,
      msg: 'keys',
    });
  });

  it('replaces known secret values and secret shapes in every string, message and child bindings included, learning new secrets later', async () => {
    const log = createFileLogger({ logsDir: logsDir(), level: 'debug', redact: createSecretTextRedactor() });
    const child = log.logger.child({ server: 'demo' });
    log.setRedactor(createSecretTextRedactor(['learnt-on-refresh-1234']));
    const aws = `AKIA${'ABCDEFGH12345678'}`;
    child.info(
      { stderr: 'token learnt-on-refresh-1234 printed', nested: { deep: [`key ${aws}`] } },
      `message with learnt-on-refresh-1234`,
    );
    child.error({ err: new Error('failed with learnt-on-refresh-1234') }, 'oops');
    const text = await readLog(log.file, 2);
    expect(text).not.toContain('learnt-on-refresh-1234');
    expect(text).not.toContain(aws);
    expect(text).toContain('token [REDACTED:secret] printed');
    expect(text).toContain('[REDACTED:aws-access-key-id]');
    expect(text).toContain('failed with [REDACTED:secret]');
  });
});

describe('sanitizeLogValue', () => {
  it('copies without changing the input and survives cycles', () => {
    const input: Record<string, unknown> = { secret: 's', plain: 'p' };
    input.self = input;
    const out = sanitizeLogValue(input, (text) => text.toUpperCase()) as Record<string, unknown>;
    expect(out).toEqual({ secret: '[REDACTED]', plain: 'P', self: '[Circular]' });
    expect(input.secret).toBe('s');
  });
});
