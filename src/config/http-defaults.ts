// Defaults of the HTTP service that `serve --http`, `setup --mode http` and `doctor` must agree on.

import { DEFAULT_HTTP_HOST } from '../settings/setting-defaults.js';

export { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from '../settings/setting-defaults.js';
/** A bearer token shorter than this is refused: it could be guessed. */
export const MIN_AUTH_TOKEN_LENGTH = 16;

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** A wildcard bind (0.0.0.0, ::) listens on loopback too, so a client on this machine reaches it at 127.0.0.1. */
export function reachableHost(bind: string): string {
  return WILDCARD_HOSTS.has(bind) ? DEFAULT_HTTP_HOST : bind;
}
