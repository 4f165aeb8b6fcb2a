// Which of a server's declared environment variables are present (stored secret or environment) and which are missing.
import type { ManifestServer } from '../manifest/index.js';
import { classifySecretName } from '../secrets/secret-names.js';

export interface CredentialState {
  name: string;
  required: boolean;
  secret: boolean;
  /** Where the value is found; never the value itself. */
  found?: 'secrets' | 'environment';
  obtain: string;
}

export function credentialStates(
  server: ManifestServer,
  stored: Record<string, string>,
  env: Record<string, string | undefined>,
): CredentialState[] {
  return server.env.map((variable) => {
    const found = stored[variable.name] ? 'secrets' : env[variable.name] ? 'environment' : undefined;
    return {
      name: variable.name,
      required: variable.required,
      secret: variable.secret,
      obtain: variable.obtain,
      ...(found ? { found } : {}),
    };
  });
}

export function missingRequired(states: readonly CredentialState[]): string[] {
  return missingStates(states).map((state) => state.name);
}

export function missingStates(states: readonly CredentialState[]): CredentialState[] {
  return states.filter((state) => state.required && !state.found);
}

/** The exact call that stores one credential. The value placeholder is never filled by toolgate. */
export function authConnectCall(server: string, name: string): string {
  return `gateway_auth_connect ${JSON.stringify({ server, name, value: '<value>' })}`;
}

/**
 * How a missing variable gets its value: a credential through auth_connect; a setting (a folder, a URL) only
 * from the user, since auth_connect refuses it (secret-names.ts); a loader variable only from the environment.
 */
export function storeStep(server: string, state: Pick<CredentialState, 'name' | 'secret'>): string {
  const kind = classifySecretName(state.name);
  if (kind === 'credential' || (state.secret && kind !== 'denied' && kind !== 'invalid'))
    return authConnectCall(server, state.name);
  if (kind === 'setting') return `ask the user to run: toolgate secrets set ${server} ${state.name}`;
  return `ask the user to set ${state.name} in the environment toolgate runs in`;
}

export function provisionCall(server: string): string {
  return `gateway_provision ${JSON.stringify({ server })}`;
}
