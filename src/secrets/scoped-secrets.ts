// The two scopes of stored secrets, user and project, read together as one store; a project's only once trusted.
import fs from 'node:fs/promises';
import path from 'node:path';
import { NO_TRUST, type ProjectTrust, type TrustVerdict } from '../trust/trust-list.js';
import {
  createMemorySecretStore,
  loadSecretStore,
  type LoadedSecrets,
  type SecretsKeyOptions,
  type SecretStore,
} from './secret-store.js';

/** A project's secrets, relative to its folder (the working directory toolgate runs in). */
export const PROJECT_SECRETS_PATH = path.join('.toolgate', 'secrets.json');

export type SecretScope = 'user' | 'project';

export interface ScopedSecrets {
  /** The project's value wins over the user's, like the project's config does. */
  store: SecretStore;
  /**
   * What an entry of `scope` gets: a user entry both scopes (as `store`), a project entry the project's
   * secrets only, never what the user stored for a same-name server of their own.
   */
  forScope(server: string, scope: SecretScope): Record<string, string>;
  /** Each file's problems (unreadable, malformed, too open), with the file named. */
  problems: { file: string; message: string }[];
  /** The project's file, when there is one the user has not trusted as it is now (then it is not read). */
  untrusted?: { file: string; verdict: Exclude<TrustVerdict, 'trusted'> };
}

export interface ScopedSecretsOptions extends SecretsKeyOptions {
  /** Which project files the user trusted; default none, so a project's secrets file is not used. */
  trust?: ProjectTrust;
}

/**
 * `userFile`: TOOLGATE_HOME/secrets.json; the project file is `<cwd>/.toolgate/secrets.json`. Each is opened
 * with its own `secrets.key`, or with TOOLGATE_SECRETS_PASSPHRASE from `options.env`, as the file says.
 */
export async function loadScopedSecrets(
  userFile: string,
  cwd: string,
  options: ScopedSecretsOptions = {},
): Promise<ScopedSecrets> {
  const projectFile = path.join(cwd, PROJECT_SECRETS_PATH);
  const [user, projectVerdict, outside] = await Promise.all([
    loadSecretStore(userFile, options),
    verdictOf(projectFile, options.trust ?? NO_TRUST),
    linkedOutside(projectFile, cwd),
  ]);
  if (outside !== undefined) {
    // A repository's `.toolgate` (or its secrets.json) linked to the user's own secrets, or another project's:
    // trusted, it would hand those values to the repository's same-name entries. Neither read nor used.
    const message = `${projectFile} leads to ${outside}, outside the project folder: it is not used. Replace the link with a file of the project's own, or remove it.`;
    return {
      store: user.store,
      forScope: (server, scope) => (scope === 'project' ? {} : user.store.forServer(server)),
      problems: [...user.problems.map((m) => ({ file: userFile, message: m })), { file: projectFile, message }],
    };
  }
  const read: LoadedSecrets =
    projectVerdict === 'missing'
      ? { store: createMemorySecretStore(), problems: [] }
      : await loadSecretStore(projectFile, options);
  // A repository's secrets file could set any variable of any server, the user's own included: only a trusted
  // one reaches a server. Its values are still redacted (one stored by auth_connect before the user trusted it).
  const project: LoadedSecrets =
    projectVerdict === 'trusted' ? read : { store: createMemorySecretStore(), problems: [] };
  const forServer = (server: string) => ({ ...user.store.forServer(server), ...project.store.forServer(server) });
  return {
    store: { forServer, values: () => [...user.store.values(), ...read.store.values()] },
    forScope: (server, scope) => (scope === 'project' ? project.store.forServer(server) : forServer(server)),
    problems: [
      ...user.problems.map((message) => ({ file: userFile, message })),
      ...project.problems.map((message) => ({ file: projectFile, message })),
    ],
    ...(projectVerdict === 'trusted' || projectVerdict === 'missing'
      ? {}
      : { untrusted: { file: projectFile, verdict: projectVerdict } }),
  };
}

/** Where the project's secrets file really is, when a symlink (of it or of `.toolgate`) leads out of `cwd`; else undefined. */
async function linkedOutside(projectFile: string, cwd: string): Promise<string | undefined> {
  const [real, folder] = await Promise.all([
    fs.realpath(projectFile).catch(() => undefined),
    fs.realpath(cwd).catch(() => path.resolve(cwd)),
  ]);
  return real === undefined || real === path.join(folder, PROJECT_SECRETS_PATH) ? undefined : real;
}

async function verdictOf(file: string, trust: ProjectTrust): Promise<TrustVerdict | 'missing'> {
  try {
    return trust.verdict(file, await fs.readFile(file, 'utf8'));
  } catch {
    // Missing, or unreadable: then loading it would fail too; nothing is used either way.
    return 'missing';
  }
}
