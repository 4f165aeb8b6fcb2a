// The HTTP service's own bearer token: generated once, kept 0600 in TOOLGATE_HOME, shared by `serve --http` and `setup`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';
import { MIN_AUTH_TOKEN_LENGTH } from './http-defaults.js';

/** The file under TOOLGATE_HOME that holds the generated token. */
export const HTTP_TOKEN_FILE_NAME = 'http-token';
/** Random bytes in a generated token (base64url: 43 characters). */
export const GENERATED_TOKEN_BYTES = 32;

export interface HttpToken {
  token: string;
  file: string;
  /** True when this call generated it. */
  created: boolean;
}

export function httpTokenFile(home: string): string {
  return path.join(home, HTTP_TOKEN_FILE_NAME);
}

/**
 * The stored token, or a new one. Created with link(2) from a private temp file, so two processes
 * starting at once (a service and `setup`) never overwrite each other: the loser reads the winner's.
 */
export async function readOrCreateHttpToken(home: string): Promise<HttpToken> {
  const file = httpTokenFile(home);
  const existing = await readHttpToken(file);
  if (existing !== undefined) return { token: existing, file, created: false };
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  const token = randomBytes(GENERATED_TOKEN_BYTES).toString('base64url');
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temp, file);
    return { token, file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readHttpToken(file);
    if (winner === undefined) throw error;
    return { token: winner, file, created: false };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The token in `file`; undefined when there is none. Refuses a file others can read or write, or a short token. */
export async function readHttpToken(file: string): Promise<string | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = await handle.stat();
    const mode = stat.mode & 0o777;
    if (
      !stat.isFile() ||
      (mode & 0o077) !== 0 ||
      (typeof process.getuid === 'function' && stat.uid !== process.getuid())
    ) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `${file} must be a file of yours with mode 600; it has mode ${mode.toString(8)}${stat.uid === process.getuid?.() ? '' : ` and owner uid ${stat.uid}`}, so another account may know the token.`,
        {
          hint: `Delete ${file}: a new token is generated at the next start of \`toolgate serve --http\` (then run \`toolgate setup --mode http\` again for each client).`,
        },
      );
    }
    const token = (await handle.readFile('utf8')).trim();
    if (token.length < MIN_AUTH_TOKEN_LENGTH) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `${file} holds a token of ${token.length} characters; at least ${MIN_AUTH_TOKEN_LENGTH} are required.`,
        {
          hint: `Delete ${file}: a new token is generated at the next start of \`toolgate serve --http\`.`,
        },
      );
    }
    return token;
  } finally {
    await handle.close();
  }
}
