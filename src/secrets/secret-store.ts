// Per-server credentials from TOOLGATE_HOME/secrets.json, injected into a child's environment at spawn.
import fs from 'node:fs/promises';
import { z } from 'zod';

const secretsFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  servers: z.record(z.string(), z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())).default({}),
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
  } catch {
    return { store: createMemorySecretStore(), problems: [] };
  }
  const problems: string[] = [];
  const stat = await fs.stat(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    problems.push(`${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run: chmod 600 ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]}); no secrets were loaded from it. Fix it or remove it.`);
    return { store: createMemorySecretStore(), problems };
  }
  const parsed = secretsFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)').join(', ');
    problems.push(`${file} does not have the expected shape {"servers": {"<server>": {"ENV_VAR": "value"}}} (problem at ${where}); no secrets were loaded from it.`);
    return { store: createMemorySecretStore(), problems };
  }
  return { store: createMemorySecretStore(parsed.data.servers), problems };
}
