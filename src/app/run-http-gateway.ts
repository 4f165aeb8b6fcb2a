// `serve --http`: the gateway as a shared Streamable HTTP (and legacy SSE) service, with its token rules.
import { MIN_AUTH_TOKEN_LENGTH } from '../config/http-defaults.js';
import { readOrCreateHttpToken } from '../config/http-token.js';
import { GatewayError } from '../errors/index.js';
import type { HttpService } from '../http/http-service.js';
import { defaultAllowedHosts, defaultAllowedOrigins, isLoopbackHost } from '../http/request-guard.js';
import { createGatewayApp } from './create-gateway-app.js';
import { installShutdown } from './install-shutdown.js';
import { appOptions, type ServeOptions } from './serve-options.js';
import { startGatewayService } from './start-gateway-service.js';

export interface HttpServeOptions extends ServeOptions {
  host: string;
  port: number;
  authToken?: string;
  /** Serve loopback with no token at all (any local account can use the service); refused beyond loopback. */
  unsafeNoToken?: boolean;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes?: number;
  sessionIdleMs?: number;
  maxSessions?: number;
}

/** What the start-up lines tell the user. */
export interface HttpGatewayStarted {
  url: string;
  /** What the start-up line says about the token. */
  tokenLabel: string;
  /** True with --unsafe-no-token: anyone local can use the service. */
  noToken: boolean;
}

/** The token rules, checked before anything starts. */
export function validateHttpOptions(options: Pick<HttpServeOptions, 'host' | 'authToken' | 'unsafeNoToken'>): void {
  if (options.unsafeNoToken && options.authToken !== undefined) {
    throw new GatewayError(
      'USAGE',
      '--unsafe-no-token and a token (--auth-token or TOOLGATE_AUTH_TOKEN) were both given.',
      { hint: 'Drop --unsafe-no-token: with a token the service is guarded.' },
    );
  }
  if (options.authToken !== undefined && options.authToken.length < MIN_AUTH_TOKEN_LENGTH) {
    throw new GatewayError(
      'USAGE',
      `The auth token has ${options.authToken.length} characters; at least ${MIN_AUTH_TOKEN_LENGTH} are required.`,
      {
        hint: 'Generate one with `openssl rand -hex 32` and pass it in TOOLGATE_AUTH_TOKEN.',
      },
    );
  }
  if (!isLoopbackHost(options.host) && options.authToken === undefined) {
    throw new GatewayError(
      'USAGE',
      `Refusing to serve on ${options.host} without a bearer token: anyone who can reach the port could run your tools.`,
      {
        hint: 'Set TOOLGATE_AUTH_TOKEN (or --auth-token), or bind to 127.0.0.1.',
      },
    );
  }
}

export async function runHttpGateway(options: HttpServeOptions): Promise<HttpGatewayStarted> {
  validateHttpOptions(options);
  const app = await createGatewayApp(appOptions(options, 'http'));
  let service: HttpService | undefined;
  installShutdown(app, () => service);
  let auth: ServiceToken;
  try {
    auth = await resolveServiceToken(options, app.paths.home);
    service = await startGatewayService(app, {
      nameStyle: options.names,
      tcp: {
        host: options.host,
        port: options.port,
        guardFor: (port) => ({
          allowedHosts: defaultAllowedHosts(options.host, port, options.allowedHosts),
          allowedOrigins: defaultAllowedOrigins(options.host, port, options.allowedOrigins),
          ...auth.guard,
        }),
      },
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(options.sessionIdleMs === undefined ? {} : { sessionIdleMs: options.sessionIdleMs }),
      ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  app.logger.info({ url: service.url, token: auth.label }, 'HTTP service listening');
  if (!auth.guard.authToken)
    app.logger.warn(
      { url: service.url },
      'HTTP service without a token (--unsafe-no-token): any local account can use it',
    );
  return { url: service.url ?? '', tokenLabel: auth.label, noToken: !auth.guard.authToken };
}

interface ServiceToken {
  guard: { authToken?: string; tokenSource?: string };
  /** What the start-up line says about the token. */
  label: string;
}

/** The configured token; else the one generated once in TOOLGATE_HOME (what a loopback service uses by default); else none, when opted out. */
async function resolveServiceToken(options: HttpServeOptions, home: string): Promise<ServiceToken> {
  if (options.authToken !== undefined)
    return { guard: { authToken: options.authToken }, label: 'bearer token required' };
  if (options.unsafeNoToken) return { guard: {}, label: 'NO token required (--unsafe-no-token)' };
  const stored = await readOrCreateHttpToken(home);
  const where = `the token ${stored.created ? 'generated in' : 'stored in'} ${stored.file}`;
  return {
    guard: {
      authToken: stored.token,
      tokenSource: `${where}; \`toolgate setup --mode http\` writes it into a client's config`,
    },
    label: `bearer token required: ${where}`,
  };
}
