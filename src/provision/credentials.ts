// Which of a server's declared environment variables are present (stored secret or environment) and which are missing.
import type { ManifestServer } from '../manifest/index.js';

export interface CredentialState {
  name: string;
  required: boolean;
  secret: boolean;
  /** Where the value is found; never the value itself. */
  found?: 'secrets' | 'environment';
  obtain: string;
}

export function credentialStates(server: ManifestServer, stored: Record<string, string>, env: Record<string, string | undefined>): CredentialState[] {
  return server.env.map((variable) => {
    const found = stored[variable.name] ? 'secrets' : env[variable.name] ? 'environment' : undefined;
    return { name: variable.name, required: variable.required, secret: variable.secret, obtain: variable.obtain, ...(found ? { found } : {}) };
  });
}

export function missingRequired(states: readonly CredentialState[]): string[] {
  return states.filter((state) => state.required && !state.found).map((state) => state.name);
}

/** The exact call that stores one credential. The value placeholder is never filled by toolgate. */
export function authConnectCall(server: string, name: string): string {
  return `gateway_auth_connect ${JSON.stringify({ server, name, value: '<value>' })}`;
}

export function provisionCall(server: string): string {
  return `gateway_provision ${JSON.stringify({ server })}`;
}
