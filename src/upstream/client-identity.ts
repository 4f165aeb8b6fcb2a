// Who a client is across its sessions, for limits that a new session must not reset (per_session rate limits).

/** Stands for a client that sent no name. */
export const UNNAMED_CLIENT = '(unnamed)';

/**
 * The client's `clientInfo.name`, capped at initialize (MAX_CLIENT_NAME_CHARS): sessions of one client
 * share it. The HTTP service knows one principal (whoever holds its bearer token), so it adds nothing to
 * tell clients apart; a client that renames itself gets a new identity, which only a token per client
 * could prevent.
 */
export function clientIdentity(clientName: string | undefined): string {
  return `client:${clientName || UNNAMED_CLIENT}`;
}
