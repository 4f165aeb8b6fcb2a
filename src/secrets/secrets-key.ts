// The key that encrypts a secrets file: a random key file beside it, or one derived from a passphrase.
import { randomBytes, scrypt } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';
import { settingsFromEnv } from '../settings/parse-settings.js';
import { SETTINGS } from '../settings/setting-declarations.js';
import { describeUnsafeFile } from '../storage/file-ownership.js';

/** The environment variable whose passphrase, when set, encrypts the secrets instead of the key file. */
export const SECRETS_PASSPHRASE_ENV = SETTINGS.secretsPassphrase.env;
/** The key file's name, in the same folder as the secrets file it opens. */
export const SECRETS_KEY_FILE = 'secrets.key';
/** AES-256: 32 bytes. */
export const SECRETS_KEY_BYTES = 32;
export const SECRETS_KEY_FILE_MODE = 0o600;

/** scrypt cost: N=2^15, r=8, p=1 needs 128·N·r = 32 MiB, exactly Node's default limit, so the limit is raised. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
export const SCRYPT_SALT_BYTES = 16;

export type SecretsKdf = 'keyfile' | 'scrypt';

/** Where the key comes from; every secrets function takes it as its last, optional, parameter. */
export interface SecretsKeyOptions {
  /** Read for TOOLGATE_SECRETS_PASSPHRASE only. Default: none, so new files are encrypted with the key file. */
  env?: Record<string, string | undefined>;
  /** Default process.platform; file modes are not checked on win32. */
  platform?: NodeJS.Platform;
}

/** `<dir of the secrets file>/secrets.key`. */
export function keyFileFor(secretsFile: string): string {
  return path.join(path.dirname(secretsFile), SECRETS_KEY_FILE);
}

/** The passphrase set in `env`, or undefined when none is (an empty or blank value counts as none). */
export function passphraseOf(options: SecretsKeyOptions): string | undefined {
  return settingsFromEnv(options.env ?? {}).secretsPassphrase;
}

export function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, SECRETS_KEY_BYTES, SCRYPT_PARAMS, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * The key in `keyFile`, or undefined when there is none. A key file others can read, or one that is not
 * exactly 32 bytes, is refused: the first is no longer a secret, the second is not a key toolgate wrote.
 */
export async function readKeyFile(
  keyFile: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(keyFile, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets key file ${keyFile} could not be read (${code ?? 'unknown error'}).`,
      {
        hint: `Check its owner and permissions: it should be a file of yours with mode 600.`,
        cause: error,
      },
    );
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw badKeyFile(keyFile, 'expected a file, received a directory or another kind of entry');
    const unsafe = platform === 'win32' ? undefined : describeUnsafeFile(keyFile, stat);
    if (unsafe !== undefined) throw new GatewayError('CONFIG_INVALID', unsafe, { details: { file: keyFile } });
    if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8);
      throw new GatewayError(
        'CONFIG_INVALID',
        `The secrets key file ${keyFile} has mode ${mode}: other users can read it, so toolgate refuses to use it.`,
        {
          hint: `Run: chmod 600 ${keyFile}. If others may have read it, move the secrets file and the key away and store the secrets again with \`toolgate secrets set\`.`,
        },
      );
    }
    const key = await handle.readFile();
    if (key.length !== SECRETS_KEY_BYTES) {
      key.fill(0);
      throw badKeyFile(
        keyFile,
        `expected exactly ${SECRETS_KEY_BYTES} bytes (a raw AES-256 key), received ${stat.size}`,
      );
    }
    return key;
  } finally {
    await handle.close();
  }
}

/**
 * The key file's key, created (32 random bytes, mode 0600) when there is none. Created complete under a
 * temporary name and linked into place, so a concurrent writer sees either no key or the whole key.
 */
export async function readOrCreateKeyFile(
  keyFile: string,
  platform: NodeJS.Platform = process.platform,
): Promise<Buffer> {
  const existing = await readKeyFile(keyFile, platform);
  if (existing) return existing;
  await fs.mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const temp = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const key = randomBytes(SECRETS_KEY_BYTES);
  try {
    await fs.writeFile(temp, key, { mode: SECRETS_KEY_FILE_MODE, flag: 'wx' });
    await fs.link(temp, keyFile);
  } catch (error) {
    key.fill(0);
    // Another process created it first: use that one, so both encrypt with the same key.
    const theirs =
      (error as NodeJS.ErrnoException).code === 'EEXIST' ? await readKeyFile(keyFile, platform) : undefined;
    if (theirs) return theirs;
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets key file ${keyFile} could not be created (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}); nothing was written.`,
      {
        hint: `Check that ${path.dirname(keyFile)} is a folder of yours that you can write to.`,
        cause: error,
      },
    );
  } finally {
    await fs.rm(temp, { force: true });
  }
  return key;
}

function badKeyFile(keyFile: string, problem: string): GatewayError {
  return new GatewayError('CONFIG_INVALID', `The secrets key file ${keyFile} is not a usable key: ${problem}.`, {
    hint: `Restore the ${SECRETS_KEY_FILE} the secrets were written with; without it they cannot be read: move the secrets file and ${keyFile} away and store the secrets again with \`toolgate secrets set\`.`,
  });
}
