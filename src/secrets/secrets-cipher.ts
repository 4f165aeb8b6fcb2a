// The encrypted secrets file (version 2): AES-256-GCM over the plain file's JSON, with the key's origin named.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SCRYPT_SALT_BYTES, type SecretsKdf } from './secrets-key.js';

export const SECRETS_CIPHER = 'aes-256-gcm';
/** GCM's recommended nonce size; a fresh random one for every write. */
const IV_BYTES = 12;
/** The full tag: a shorter one would be accepted by Node unless the length is pinned. */
const TAG_BYTES = 16;

/** Strict base64 of exactly `bytes` bytes (or any non-empty length when undefined). */
function base64Of(bytes?: number) {
  return z
    .string()
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'expected base64')
    .refine(
      (text) => (bytes === undefined ? text.length > 0 : Buffer.from(text, 'base64').length === bytes),
      bytes === undefined ? 'expected data' : `expected ${bytes} bytes`,
    );
}

const encryptedFileSchema = z.discriminatedUnion('kdf', [
  z.strictObject({
    version: z.literal(2),
    cipher: z.literal(SECRETS_CIPHER),
    kdf: z.literal('keyfile'),
    iv: base64Of(IV_BYTES),
    tag: base64Of(TAG_BYTES),
    data: base64Of(),
  }),
  z.strictObject({
    version: z.literal(2),
    cipher: z.literal(SECRETS_CIPHER),
    kdf: z.literal('scrypt'),
    salt: base64Of(SCRYPT_SALT_BYTES),
    iv: base64Of(IV_BYTES),
    tag: base64Of(TAG_BYTES),
    data: base64Of(),
  }),
]);

export type EncryptedSecretsFile = z.infer<typeof encryptedFileSchema>;

/** A parsed JSON value that claims to be the encrypted format, whether or not it is well formed. */
export function isEncryptedShape(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'version' in value &&
    (value as { version: unknown }).version === 2
  );
}

export function parseEncryptedFile(
  value: unknown,
): { ok: true; file: EncryptedSecretsFile } | { ok: false; error: z.ZodError } {
  const parsed = encryptedFileSchema.safeParse(value);
  return parsed.success ? { ok: true, file: parsed.data } : { ok: false, error: parsed.error };
}

/** `salt` is given for kdf scrypt: the one `key` was derived with. */
export function encryptSecrets(plaintext: string, key: Buffer, kdf: SecretsKdf, salt?: Buffer): EncryptedSecretsFile {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(SECRETS_CIPHER, key, iv, { authTagLength: TAG_BYTES });
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const sealed = {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  if (kdf === 'keyfile') return { version: 2, cipher: SECRETS_CIPHER, kdf, ...sealed };
  if (!salt) throw new Error('encryptSecrets: kdf scrypt needs the salt the key was derived with');
  return { version: 2, cipher: SECRETS_CIPHER, kdf, salt: salt.toString('base64'), ...sealed };
}

/** The plaintext, or undefined when authentication fails (wrong key, or the file was altered). Never partial. */
export function decryptSecrets(file: EncryptedSecretsFile, key: Buffer): string | undefined {
  const decipher = createDecipheriv(SECRETS_CIPHER, key, Buffer.from(file.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
  let plain: Buffer;
  try {
    // GCM checks the tag in final(): nothing decrypted is used before it passes.
    plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
  const text = plain.toString('utf8');
  plain.fill(0);
  return text;
}
