// The two scopes of stored secrets, user and project, read together as one store.
import path from 'node:path';
import { loadSecretStore, type SecretsKeyOptions, type SecretStore } from './secret-store.js';

/** A project's secrets, relative to its folder (the working directory toolgate runs in). */
export const PROJECT_SECRETS_PATH = path.join('.toolgate', 'secrets.json');

export interface ScopedSecrets {
  /** The project's value wins over the user's, like the project's config does. */
  store: SecretStore;
  /** Each file's problems (unreadable, malformed, too open), with the file named. */
  problems: { file: string; message: string }[];
}

/**
 * `userFile`: TOOLGATE_HOME/secrets.json; the project file is `<cwd>/.toolgate/secrets.json`. Each is opened
 * with its own `secrets.key`, or with TOOLGATE_SECRETS_PASSPHRASE from `options.env`, as the file says.
 */
export async function loadScopedSecrets(userFile: string, cwd: string, options: SecretsKeyOptions = {}): Promise<ScopedSecrets> {
  const projectFile = path.join(cwd, PROJECT_SECRETS_PATH);
  const [user, project] = await Promise.all([loadSecretStore(userFile, options), loadSecretStore(projectFile, options)]);
  return {
    store: {
      forServer: (server) => ({ ...user.store.forServer(server), ...project.store.forServer(server) }),
      values: () => [...user.store.values(), ...project.store.values()],
    },
    problems: [...user.problems.map((message) => ({ file: userFile, message })), ...project.problems.map((message) => ({ file: projectFile, message }))],
  };
}
