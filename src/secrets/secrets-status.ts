// What a secrets file is, without showing a value: plain or encrypted, with which key, how many secrets.
import fs from 'node:fs/promises';
import { decodeSecretsText, describeDecodeProblem, type SecretsFormat } from './secrets-file-codec.js';
import { keyFileFor, passphraseOf, type SecretsKdf, type SecretsKeyOptions } from './secrets-key.js';

export interface SecretsStatus {
  file: string;
  /** `missing`: there is no file, so no secrets. */
  format: SecretsFormat | 'missing';
  /** Where an encrypted file's key comes from; null for a plain or missing file (or an unreadable one). */
  kdf: SecretsKdf | null;
  /** Octal permission bits of the file, e.g. `600`; null when it is missing. */
  mode: string | null;
  key_file: string;
  key_file_exists: boolean;
  /** TOOLGATE_SECRETS_PASSPHRASE is set: the next write derives its key from it instead of the key file. */
  passphrase_set: boolean;
  /** Null when the file could not be read, parsed or decrypted (see `problem`). */
  servers: number | null;
  secrets: number | null;
  /** Why the counts are unknown, naming the file; with `hint`, what to do. Never quotes the file. */
  problem?: string;
  hint?: string;
}

export async function readSecretsStatus(file: string, options: SecretsKeyOptions = {}): Promise<SecretsStatus> {
  const keyFile = keyFileFor(file);
  const base = {
    file,
    key_file: keyFile,
    key_file_exists: await exists(keyFile),
    passphrase_set: passphraseOf(options) !== undefined,
  };
  let text: string;
  let mode: string;
  try {
    mode = ((await fs.stat(file)).mode & 0o777).toString(8);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ...base, format: 'missing', kdf: null, mode: null, servers: 0, secrets: 0 };
    return {
      ...base,
      format: 'missing',
      kdf: null,
      mode: null,
      servers: null,
      secrets: null,
      problem: `${file} could not be read (${code ?? 'unknown error'})`,
      hint: 'Check its owner and permissions (it should be yours, mode 600).',
    };
  }
  const decoded = await decodeSecretsText(file, text, options);
  const format = decoded.format ?? 'plain';
  const kdf = decoded.kdf ?? null;
  if (!decoded.ok) {
    const { message, hint } = describeDecodeProblem(file, decoded.problem);
    return { ...base, format, kdf, mode, servers: null, secrets: null, problem: message, hint };
  }
  const kept = Object.values(decoded.servers).filter((vars) => Object.keys(vars).length > 0);
  return {
    ...base,
    format,
    kdf,
    mode,
    servers: kept.length,
    secrets: kept.reduce((sum, vars) => sum + Object.keys(vars).length, 0),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
