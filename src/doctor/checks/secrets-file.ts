// Doctor: the secrets file is private (mode 0600), encrypted, and opens with the key it names.
import fs from 'node:fs/promises';
import { keyFileFor, SECRETS_PASSPHRASE_ENV, type SecretsKeyOptions } from '../../secrets/secrets-key.js';
import { readSecretsStatus } from '../../secrets/secrets-status.js';
import { check, type CheckResult } from '../doctor-check.js';

/** `options.env` carries TOOLGATE_SECRETS_PASSPHRASE, needed to open a file encrypted with a passphrase. */
export async function checkSecretsFile(
  file: string,
  platform: NodeJS.Platform = process.platform,
  options: Omit<SecretsKeyOptions, 'platform'> = {},
): Promise<CheckResult> {
  let mode: number;
  try {
    mode = (await fs.stat(file)).mode & 0o777;
  } catch {
    return check('secrets-file', 'ok', `no secrets stored (${file} does not exist)`, { subject: file });
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    return check('secrets-file', 'fail', `${file} has mode ${mode.toString(8)}: other users can read it`, {
      subject: file,
      fix: `chmod 600 ${file}`,
    });
  }
  const keyFile = keyFileFor(file);
  const keyMode = await modeOf(keyFile);
  if (keyMode !== undefined && platform !== 'win32' && (keyMode & 0o077) !== 0) {
    return check(
      'secrets-file',
      'fail',
      `the secrets key file ${keyFile} has mode ${keyMode.toString(8)}: other users can read it`,
      { subject: file, fix: `chmod 600 ${keyFile}` },
    );
  }
  const status = await readSecretsStatus(file, { ...options, platform });
  if (status.problem !== undefined || status.secrets === null) {
    // For a key that does not match, the problem names the key and the fix says how to get the right one.
    return check('secrets-file', 'fail', status.problem ?? `${file} could not be read`, {
      subject: file,
      fix: status.hint ?? 'Move it away and store the secrets again with `toolgate secrets set`.',
    });
  }
  const counts = `${status.secrets} secret${status.secrets === 1 ? '' : 's'} for ${status.servers} server(s)`;
  if (status.format === 'plain') {
    return check('secrets-file', 'warn', `${file}: ${counts}, stored in plain text (not encrypted), mode 600`, {
      subject: file,
      fix: 'toolgate secrets encrypt',
    });
  }
  const key = status.kdf === 'scrypt' ? `a key from ${SECRETS_PASSPHRASE_ENV}` : `the key file ${keyFile} (mode 600)`;
  return check('secrets-file', 'ok', `${file}: ${counts}, encrypted (aes-256-gcm) with ${key}, mode 600`, {
    subject: file,
  });
}

async function modeOf(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o777;
  } catch {
    return undefined;
  }
}
