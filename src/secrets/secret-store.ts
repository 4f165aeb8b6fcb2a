// Per-server credentials from TOOLGATE_HOME/secrets.json, injected into a child's environment at spawn.
// The file is encrypted at rest (secrets-file-codec.ts); decrypted values live in this process's memory only.
import fs from 'node:fs/promises';
import { GatewayError, isGatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { readOwnFile } from '../storage/file-ownership.js';
import { queueFileEdit } from '../storage/file-edit-queue.js';
import {
  decodeSecretsText,
  describeDecodeProblem,
  encodeSecretsText,
  type DecodeProblem,
  type SecretsByServer,
  type SecretsFormat,
} from './secrets-file-codec.js';
import { passphraseOf, type SecretsKdf, type SecretsKeyOptions } from './secrets-key.js';
import { assertStorableName, isDeniedSecretName, withoutDeniedNames } from './secret-names.js';

export { SECRET_NAME_PATTERN, type SecretsByServer } from './secrets-file-codec.js';
export type { SecretsKeyOptions } from './secrets-key.js';

/** Secrets are readable by their owner only. */
export const SECRETS_FILE_MODE = 0o600;

export interface SecretStore {
  /** The env vars to add for one server; empty when none are stored. Never a loader or interpreter variable (secret-names.ts). */
  forServer(server: string): Record<string, string>;
  /** Every stored value, for redaction. */
  values(): string[];
}

export interface LoadedSecrets {
  store: SecretStore;
  /** Problems found (bad JSON, loose file mode); never contain a secret value. */
  problems: string[];
}

export function createMemorySecretStore(servers: Record<string, Record<string, string>> = {}): SecretStore {
  return {
    // A file written by hand or by an older toolgate may hold NODE_OPTIONS and the like: they stay in the file
    // (and are redacted) but reach no server's environment or template. loadSecretStore reports them.
    forServer: (server) => withoutDeniedNames(servers[server] ?? {}, () => undefined),
    values: () => Object.values(servers).flatMap((env) => Object.values(env)),
  };
}

export async function loadSecretStore(file: string, options: SecretsKeyOptions = {}): Promise<LoadedSecrets> {
  let text: string;
  try {
    // Another account's file, or one others can write, could point a server's credentials anywhere.
    text = await readOwnFile(file, (options.platform ?? process.platform) === 'win32' ? { uid: undefined } : {});
  } catch (error) {
    if (isGatewayError(error))
      return { store: createMemorySecretStore(), problems: [`${error.message} No secrets were loaded from it.`] };
    const code = (error as NodeJS.ErrnoException).code;
    // Only a missing file means "no secrets"; one that is there but unreadable is reported, never silently empty.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { store: createMemorySecretStore(), problems: [] };
    const received = code === 'EISDIR' ? 'a directory' : `a read error (${code ?? 'unknown'})`;
    const problem = `${file} could not be read: expected a readable JSON file, received ${received}; no secrets were loaded from it. Check its owner and permissions (it should be yours, mode 600), then call gateway_refresh.`;
    return { store: createMemorySecretStore(), problems: [problem] };
  }
  const problems: string[] = [];
  const stat = await fs.stat(file);
  if ((options.platform ?? process.platform) !== 'win32' && (stat.mode & 0o077) !== 0) {
    problems.push(
      `${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
    );
  }
  const decoded = await decodeSecretsText(file, text, options);
  if (!decoded.ok) {
    problems.push(describeForLoad(file, decoded.problem));
    return { store: createMemorySecretStore(), problems };
  }
  problems.push(...deniedNameProblems(file, decoded.servers));
  return { store: createMemorySecretStore(decoded.servers), problems };
}

function deniedNameProblems(file: string, servers: SecretsByServer): string[] {
  return Object.entries(servers).flatMap(([server, vars]) =>
    Object.keys(vars)
      .filter(isDeniedSecretName)
      .map(
        (name) =>
          `${file} holds ${name} for ${server}, a loader or interpreter variable: it is never passed to the server. Remove it: toolgate secrets rm ${server} ${name}`,
      ),
  );
}

/**
 * The stored secrets, for editing. A missing file is empty; a file that does not parse or cannot be
 * decrypted is an error, so that an edit never replaces a file the user could still repair.
 */
export async function readSecretsFile(file: string, options: SecretsKeyOptions = {}): Promise<SecretsByServer> {
  const text = await readText(file);
  if (text === undefined) return {};
  const decoded = await decodeSecretsText(file, text, options);
  if (decoded.ok) return decoded.servers;
  throw errorForEdit(file, decoded.problem);
}

/**
 * Writes the whole file, encrypted, atomically with mode 0600; servers left without variables are dropped.
 * The key: TOOLGATE_SECRETS_PASSPHRASE in `options.env` when set, else `secrets.key` beside the file.
 */
export async function saveSecretsFile(
  file: string,
  servers: SecretsByServer,
  options: SecretsKeyOptions = {},
): Promise<void> {
  const kept = Object.fromEntries(Object.entries(servers).filter(([, vars]) => Object.keys(vars).length > 0));
  await writeFileAtomic(file, await encodeSecretsText(file, kept, options), { mode: SECRETS_FILE_MODE });
}

export async function setSecret(
  file: string,
  server: string,
  name: string,
  value: string,
  options: SecretsKeyOptions = {},
): Promise<void> {
  await setSecrets(file, [{ server, name, value }], options);
}

/**
 * Stores several values in one edit. Serialized per file, and the file is read again right before it is
 * written: concurrent auth_connect calls (or a `secrets sync` beside them) must not lose each other's values.
 */
export async function setSecrets(
  file: string,
  values: ReadonlyArray<{ server: string; name: string; value: string }>,
  options: SecretsKeyOptions = {},
): Promise<void> {
  for (const { name } of values) assertStorableName(name);
  if (values.length === 0) return;
  await queueFileEdit(file, async () => {
    const servers = await readSecretsFile(file, options);
    for (const { server, name, value } of values) servers[server] = { ...servers[server], [name]: value };
    await saveSecretsFile(file, servers, options);
  });
}

/**
 * Stores a value only where none is stored yet (the same value again is fine), checked inside the file's edit
 * queue so that two concurrent calls cannot both pass. For auth_connect: a model may fill in a missing
 * credential, never swap the user's for one of its own.
 */
export async function addSecret(
  file: string,
  server: string,
  name: string,
  value: string,
  options: SecretsKeyOptions = {},
): Promise<void> {
  assertStorableName(name);
  await queueFileEdit(file, async () => {
    const servers = await readSecretsFile(file, options);
    const stored = servers[server]?.[name];
    if (stored === value) return;
    if (stored !== undefined) {
      throw new GatewayError(
        'POLICY_DENIED',
        `A credential ${name} for ${server} is already stored in ${file}; it is only replaced by you, never through a tool call.`,
        {
          hint: `If the stored value is wrong, replace it in a terminal: toolgate secrets set ${server} ${name}`,
        },
      );
    }
    servers[server] = { ...servers[server], [name]: value };
    await saveSecretsFile(file, servers, options);
  });
}

/** Removes one variable, or every variable of the server when `name` is undefined; returns the names removed. */
export function removeSecret(
  file: string,
  server: string,
  name?: string,
  options: SecretsKeyOptions = {},
): Promise<string[]> {
  return queueFileEdit(file, async () => {
    const servers = await readSecretsFile(file, options);
    const vars = servers[server] ?? {};
    const removed = name === undefined ? Object.keys(vars) : Object.keys(vars).filter((key) => key === name);
    if (removed.length === 0) return [];
    servers[server] = Object.fromEntries(Object.entries(vars).filter(([key]) => !removed.includes(key)));
    await saveSecretsFile(file, servers, options);
    return removed;
  });
}

export interface EncryptedFileSummary {
  /** What the file was before: `missing` means there was none, and nothing was written. */
  previous: SecretsFormat | 'missing';
  /** The key the file is now encrypted with; null when there was no file. */
  kdf: SecretsKdf | null;
  servers: number;
  secrets: number;
}

/** Rewrites the file encrypted now: a plain file is migrated, an encrypted one gets a fresh IV (and salt, and key origin). */
export function encryptSecretsFile(file: string, options: SecretsKeyOptions = {}): Promise<EncryptedFileSummary> {
  return queueFileEdit(file, async () => {
    const text = await readText(file);
    if (text === undefined) return { previous: 'missing', kdf: null, servers: 0, secrets: 0 };
    const decoded = await decodeSecretsText(file, text, options);
    if (!decoded.ok) throw errorForEdit(file, decoded.problem);
    await saveSecretsFile(file, decoded.servers, options);
    const kept = Object.values(decoded.servers).filter((vars) => Object.keys(vars).length > 0);
    const kdf: SecretsKdf = passphraseOf(options) === undefined ? 'keyfile' : 'scrypt';
    return {
      previous: decoded.format,
      kdf,
      servers: kept.length,
      secrets: kept.reduce((sum, vars) => sum + Object.keys(vars).length, 0),
    };
  });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatewayError(
      'CONFIG_INVALID',
      `The secrets file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`,
      {
        hint: `Check its owner and permissions (it should be yours, mode 600).`,
        cause: error,
      },
    );
  }
}

function describeForLoad(file: string, problem: DecodeProblem): string {
  const { message, hint } = describeDecodeProblem(file, problem);
  if (problem.kind === 'key') return `${message} ${hint}`;
  return `${message}; no secrets were loaded from it.${problem.kind === 'json' ? ' Fix it or remove it.' : ''}`;
}

function errorForEdit(file: string, problem: DecodeProblem): GatewayError {
  switch (problem.kind) {
    // No cause for a JSON error: V8's message quotes the file, which holds secrets.
    case 'json':
      return brokenFile(file, `it is not valid JSON (${problem.where})`);
    case 'shape':
      return brokenFile(
        file,
        `it does not have the shape ${problem.expected} (problem at ${problem.where})`,
        problem.cause,
      );
    case 'key':
      return problem.error;
  }
}

function brokenFile(file: string, problem: string, cause?: unknown): GatewayError {
  return new GatewayError(
    'CONFIG_INVALID',
    `The secrets file ${file} cannot be edited: ${problem}. Nothing was changed.`,
    {
      hint: 'Fix the file by hand, or move it away to start a new one.',
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
