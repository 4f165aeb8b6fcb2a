// The secrets file's text both ways: plain JSON (version 1, still read) and AES-256-GCM encrypted (version 2, always written).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatFieldPath, GatewayError } from '../errors/index.js';
import { locateJsonSyntaxError } from '../storage/json-syntax-error.js';
import {
  decryptSecrets,
  encryptSecrets,
  isEncryptedShape,
  parseEncryptedFile,
  type EncryptedSecretsFile,
} from './secrets-cipher.js';
import {
  deriveKey,
  keyFileFor,
  passphraseOf,
  readKeyFile,
  readOrCreateKeyFile,
  SCRYPT_SALT_BYTES,
  SECRETS_PASSPHRASE_ENV,
  type SecretsKdf,
  type SecretsKeyOptions,
} from './secrets-key.js';

export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const PLAIN_SHAPE = '{"servers": {"<server>": {"ENV_VAR": "value"}}}';
const ENCRYPTED_SHAPE =
  '{"version": 2, "cipher": "aes-256-gcm", "kdf": "keyfile" | "scrypt", "salt"?, "iv", "tag", "data"}';

/** The plain file, and the plaintext inside an encrypted one. */
const plainSecretsSchema = z.strictObject({
  version: z.literal(1).optional(),
  servers: z.record(z.string(), z.record(z.string().regex(SECRET_NAME_PATTERN), z.string())).default({}),
});

export type SecretsByServer = Record<string, Record<string, string>>;
export type SecretsFormat = 'plain' | 'encrypted';

export type DecodeProblem =
  /** The file's own text is not JSON; `where` is a position, never a quote (the file holds secrets). */
  | { kind: 'json'; where: string }
  | { kind: 'shape'; expected: string; where: string; cause: z.ZodError }
  /** An encrypted file that could not be opened: no key, a refused key, a key that does not match, altered data. */
  | { kind: 'key'; error: GatewayError };

export type DecodeResult =
  | { ok: true; format: SecretsFormat; kdf?: SecretsKdf; servers: SecretsByServer }
  | { ok: false; format?: SecretsFormat; kdf?: SecretsKdf; problem: DecodeProblem };

/** Decodes either version; an encrypted file is opened with the key its own `kdf` names. */
export async function decodeSecretsText(
  file: string,
  text: string,
  options: SecretsKeyOptions = {},
): Promise<DecodeResult> {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, problem: { kind: 'json', where: json.where } };
  if (!isEncryptedShape(json.value)) {
    const plain = parsePlain(json.value);
    return plain.ok
      ? { ok: true, format: 'plain', servers: plain.servers }
      : { ok: false, format: 'plain', problem: { kind: 'shape', expected: PLAIN_SHAPE, ...plain } };
  }
  const envelope = parseEncryptedFile(json.value);
  if (!envelope.ok)
    return {
      ok: false,
      format: 'encrypted',
      problem: { kind: 'shape', expected: ENCRYPTED_SHAPE, where: wherePath(envelope.error), cause: envelope.error },
    };
  const { kdf } = envelope.file;
  try {
    return { ok: true, format: 'encrypted', kdf, servers: await openEncrypted(file, envelope.file, options) };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { ok: false, format: 'encrypted', kdf, problem: { kind: 'key', error } };
  }
}

/** The encrypted text of `servers`: with a key from TOOLGATE_SECRETS_PASSPHRASE when set, else with the key file (created when missing). */
export async function encodeSecretsText(
  file: string,
  servers: SecretsByServer,
  options: SecretsKeyOptions = {},
): Promise<string> {
  const plaintext = JSON.stringify({ servers });
  const passphrase = passphraseOf(options);
  let envelope: EncryptedSecretsFile;
  if (passphrase !== undefined) {
    const salt = randomBytes(SCRYPT_SALT_BYTES);
    const key = await deriveKey(passphrase, salt);
    envelope = encryptSecrets(plaintext, key, 'scrypt', salt);
    key.fill(0);
  } else {
    const key = await readOrCreateKeyFile(keyFileFor(file), options.platform);
    envelope = encryptSecrets(plaintext, key, 'keyfile');
    key.fill(0);
  }
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

async function openEncrypted(
  file: string,
  envelope: EncryptedSecretsFile,
  options: SecretsKeyOptions,
): Promise<SecretsByServer> {
  const keyFile = keyFileFor(file);
  let key: Buffer;
  if (envelope.kdf === 'keyfile') {
    const found = await readKeyFile(keyFile, options.platform);
    if (!found) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `The secrets file ${file} is encrypted with the key file ${keyFile}, which does not exist.`,
        {
          hint: `Put back the secrets.key that was beside it when it was written; if it is lost, the secrets are too: move ${file} away and store them again with \`toolgate secrets set\`.`,
          details: { file, key_file: keyFile },
        },
      );
    }
    key = found;
  } else {
    const passphrase = passphraseOf(options);
    if (passphrase === undefined) {
      throw new GatewayError(
        'CONFIG_INVALID',
        `The secrets file ${file} is encrypted with a passphrase (kdf scrypt), and ${SECRETS_PASSPHRASE_ENV} is not set.`,
        {
          hint: `Set ${SECRETS_PASSPHRASE_ENV} to the passphrase it was written with, in the environment toolgate runs in.`,
          details: { file },
        },
      );
    }
    key = await deriveKey(passphrase, Buffer.from(envelope.salt, 'base64'));
  }
  const plaintext = decryptSecrets(envelope, key);
  key.fill(0);
  if (plaintext === undefined) throw keyMismatch(file, envelope.kdf, keyFile);
  const json = parseJson(plaintext);
  const plain = json.ok ? parsePlain(json.value) : undefined;
  if (!plain?.ok) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets file ${file} decrypted, but what it holds is not ${PLAIN_SHAPE}.`,
      {
        hint: `It was not written by toolgate: move it away and store the secrets again with \`toolgate secrets set\`.`,
        details: { file },
      },
    );
  }
  return plain.servers;
}

/** What is wrong, naming the file (never quoting it), and what to do. */
export function describeDecodeProblem(file: string, problem: DecodeProblem): { message: string; hint: string } {
  const byHand = 'Fix the file by hand, or move it away and store the secrets again with `toolgate secrets set`.';
  if (problem.kind === 'json') return { message: `${file} is not valid JSON (${problem.where})`, hint: byHand };
  if (problem.kind === 'shape')
    return {
      message: `${file} does not have the expected shape ${problem.expected} (problem at ${problem.where})`,
      hint: byHand,
    };
  return { message: problem.error.message, hint: problem.error.hint ?? byHand };
}

function keyMismatch(file: string, kdf: SecretsKdf, keyFile: string): GatewayError {
  const which = kdf === 'keyfile' ? `the key in ${keyFile}` : SECRETS_PASSPHRASE_ENV;
  const restore =
    kdf === 'keyfile'
      ? `Put back the secrets.key it was written with (${keyFile})`
      : `Set ${SECRETS_PASSPHRASE_ENV} to the passphrase it was written with`;
  return new GatewayError(
    'CONFIG_INVALID',
    `The secrets file ${file} could not be decrypted: ${which} does not match the key it was encrypted with, or the file was altered. No secrets were read from it.`,
    {
      hint: `${restore}; if that key is lost or the file was damaged, move ${file} away and store the secrets again with \`toolgate secrets set\`.`,
      details: { file, kdf },
    },
  );
}

function parsePlain(
  value: unknown,
): { ok: true; servers: SecretsByServer } | { ok: false; where: string; cause: z.ZodError } {
  const parsed = plainSecretsSchema.safeParse(value);
  return parsed.success
    ? { ok: true, servers: parsed.data.servers }
    : { ok: false, where: wherePath(parsed.error), cause: parsed.error };
}

function wherePath(error: z.ZodError): string {
  return error.issues.map((issue) => formatFieldPath(issue.path) || '(top level)').join(', ');
}

/** JSON.parse, reporting a failure by position only. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; where: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // By position only: V8's message quotes the text around the error, and this file holds secrets.
    const error = locateJsonSyntaxError(text);
    return { ok: false, where: error ? `line ${error.line}, column ${error.column}` : 'position unknown' };
  }
}
