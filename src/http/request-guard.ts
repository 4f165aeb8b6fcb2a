// Who may talk to the HTTP service: Host and Origin against DNS rebinding, then the bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestGuardOptions {
  /** Host header values accepted (lower-case, with port), or 'any' when bound beyond loopback behind a token. */
  allowedHosts: ReadonlySet<string> | 'any';
  /** Origin header values accepted; a request without Origin (not a browser) passes. */
  allowedOrigins: ReadonlySet<string>;
  /** When set, every route but /healthz needs `Authorization: Bearer <token>`. */
  authToken?: string;
  /** Where a client finds the token, for the 401 message (default: the --auth-token / TOOLGATE_AUTH_TOKEN wording). */
  tokenSource?: string;
}

export interface Rejection {
  status: 401 | 403;
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The names a client of this bind address uses: the loopback names, plus the address itself when it is another 127.x or a named host. */
function namesFor(host: string): string[] {
  const own = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase();
  if (!isLoopbackHost(host)) return [own];
  return LOOPBACK_NAMES.includes(own) ? LOOPBACK_NAMES : [...LOOPBACK_NAMES, own];
}

export function isLoopbackHost(host: string): boolean {
  return (
    host === '127.0.0.1' ||
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}

/** The Host and Origin values a browser-free client of `host:port` sends, plus the extra ones configured. */
export function defaultAllowedHosts(
  host: string,
  port: number,
  extra: readonly string[] = [],
): ReadonlySet<string> | 'any' {
  if (!isLoopbackHost(host) && extra.length === 0) return 'any';
  return new Set([...namesFor(host).map((name) => `${name}:${port}`), ...extra.map((value) => value.toLowerCase())]);
}

export function defaultAllowedOrigins(host: string, port: number, extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([
    ...namesFor(host).map((name) => `http://${name}:${port}`),
    ...extra.map((value) => value.toLowerCase().replace(/\/$/, '')),
  ]);
}

/** Host and Origin: checked on every route, before anything else (403). */
export function checkOrigin(request: IncomingMessage, options: RequestGuardOptions): Rejection | undefined {
  const host = (request.headers.host ?? '').toLowerCase();
  if (options.allowedHosts !== 'any' && !options.allowedHosts.has(host)) {
    return {
      status: 403,
      message: `Host "${host.slice(0, 100)}" is not served here (DNS rebinding protection). Use one of: ${[...options.allowedHosts].join(', ')}, or add it with --allowed-hosts.`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !options.allowedOrigins.has(origin.toLowerCase())) {
    return {
      status: 403,
      message: `Origin "${origin.slice(0, 100)}" is not allowed. Add it with --allowed-origins if a browser client must reach this service.`,
    };
  }
  return undefined;
}

/** The bearer token, compared in constant time (digests of equal length, so the length does not leak either). */
export function checkToken(request: IncomingMessage, options: RequestGuardOptions): Rejection | undefined {
  if (options.authToken === undefined) return undefined;
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match)
    return {
      status: 401,
      message: `This service needs "Authorization: Bearer <token>" (${options.tokenSource ?? 'the token given with --auth-token or TOOLGATE_AUTH_TOKEN'}).`,
    };
  if (!timingSafeEqual(digest(match[1]!.trim()), digest(options.authToken)))
    return { status: 401, message: 'The bearer token is wrong.' };
  return undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
