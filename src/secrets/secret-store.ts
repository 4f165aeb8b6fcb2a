// Per-server credentials from TOOLGATE_HOME/secrets.json, injected into a child's environment at spawn.
import fs from 'node:fs/promises';
import { z } from 'zod';
import { formatFieldPath, GatewayError } from '../errors/index.js';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { locateJsonSyntaxError } from '../storage/json-syntax-error.js';
import { queueFileEdit } from '../storage/file-edit-queue.js';

/** Secrets are readable by their owner only. */
export const SECRETS_FILE_MODE = 0o600;
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const secretsFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  servers: z.record(z.string(), z.record(z.string().regex(SECRET_NAME_PATTERN), z.string())).default({}),
});

export interface SecretStore {
  /** The env vars to add for one server; empty when none are stored. */
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
    forServer: (server) => ({ ...servers[server] }),
    values: () => Object.values(servers).flatMap((env) => Object.values(env)),
  };
}

export async function loadSecretStore(file: string): Promise<LoadedSecrets> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Only a missing file means "no secrets"; one that is there but unreadable is reported, never silently empty.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { store: createMemorySecretStore(), problems: [] };
    const received = code === 'EISDIR' ? 'a directory' : `a read error (${code ?? 'unknown'})`;
    const problem = `${file} could not be read: expected a readable JSON file, received ${received}; no secrets were loaded from it. Check its owner and permissions (it should be yours, mode 600), then call gateway_refresh.`;
    return { store: createMemorySecretStore(), problems: [problem] };
  }
  const problems: string[] = [];
  const stat = await fs.stat(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    problems.push(`${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  const json = parseJson(text);
  if (!json.ok) {
    problems.push(`${file} is not valid JSON (${json.where}); no secrets were loaded from it. Fix it or remove it.`);
    return { store: createMemorySecretStore(), problems };
  }
  const parsed = secretsFileSchema.safeParse(json.value);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => formatFieldPath(issue.path) || '(top level)').join(', ');
    problems.push(`${file} does not have the expected shape {"servers": {"<server>": {"ENV_VAR": "value"}}} (problem at ${where}); no secrets were loaded from it.`);
    return { store: createMemorySecretStore(), problems };
  }
  return { store: createMemorySecretStore(parsed.data.servers), problems };
}

export type SecretsByServer = Record<string, Record<string, string>>;

/**
 * The stored secrets, for editing. A missing file is empty; a file that does not parse is an error, so
 * that an edit never replaces a file the user could still repair.
 */
export async function readSecretsFile(file: string): Promise<SecretsByServer> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new GatewayError('CONFIG_INVALID', `The secrets file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`, {
      hint: `Check its owner and permissions (it should be yours, mode 600).`,
      cause: error,
    });
  }
  const json = parseJson(text);
  if (!json.ok) throw brokenFile(file, `it is not valid JSON (${json.where})`);
  const parsed = secretsFileSchema.safeParse(json.value);
  if (!parsed.success) throw brokenFile(file, `it does not have the shape {"servers": {"<server>": {"ENV_VAR": "value"}}}`, parsed.error);
  return parsed.data.servers;
}

/** Writes the whole file atomically with mode 0600; servers left without variables are dropped. */
export async function saveSecretsFile(file: string, servers: SecretsByServer): Promise<void> {
  const kept = Object.fromEntries(Object.entries(servers).filter(([, vars]) => Object.keys(vars).length > 0));
  await writeFileAtomic(file, `${JSON.stringify({ servers: kept }, null, 2)}\n`, { mode: SECRETS_FILE_MODE });
}

export async function setSecret(file: string, server: string, name: string, value: string): Promise<void> {
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new GatewayError('USAGE', `A secret name must be an environment variable name (letters, digits and _, not starting with a digit); received ${JSON.stringify(name.slice(0, 80))}.`, {
      hint: 'Use the variable name the server reads, for example GITHUB_TOKEN.',
    });
  }
  // Serialized per file: concurrent auth_connect calls must not overwrite each other's credential.
  await queueFileEdit(file, async () => {
    const servers = await readSecretsFile(file);
    servers[server] = { ...servers[server], [name]: value };
    await saveSecretsFile(file, servers);
  });
}

/** Removes one variable, or every variable of the server when `name` is undefined; returns the names removed. */
export function removeSecret(file: string, server: string, name?: string): Promise<string[]> {
  return queueFileEdit(file, async () => {
    const servers = await readSecretsFile(file);
    const vars = servers[server] ?? {};
    const removed = name === undefined ? Object.keys(vars) : Object.keys(vars).filter((key) => key === name);
    if (removed.length === 0) return [];
    servers[server] = Object.fromEntries(Object.entries(vars).filter(([key]) => !removed.includes(key)));
    await saveSecretsFile(file, servers);
    return removed;
  });
}

/** `cause` is left out for a JSON error: V8's message quotes the file, which holds secrets. */
function brokenFile(file: string, problem: string, cause?: unknown): GatewayError {
  return new GatewayError('CONFIG_INVALID', `The secrets file ${file} cannot be edited: ${problem}. Nothing was changed.`, {
    hint: 'Fix the file by hand, or move it away to start a new one.',
    ...(cause === undefined ? {} : { cause }),
  });
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
