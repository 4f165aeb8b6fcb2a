// `toolgate serve --http`: the gateway as a shared Streamable HTTP (and legacy SSE) service.
import { createGatewayApp } from '../app/create-gateway-app.js';
import { startGatewayService } from '../app/start-gateway-service.js';
import { MIN_AUTH_TOKEN_LENGTH } from '../config/http-defaults.js';
import { GatewayError } from '../errors/index.js';
import type { HttpService } from '../http/http-service.js';
import { defaultAllowedHosts, defaultAllowedOrigins, isLoopbackHost } from '../http/request-guard.js';
import { appOptions, installShutdown, type ServeOptions } from './run-serve.js';

export interface HttpServeOptions extends ServeOptions {
  host: string;
  port: number;
  authToken?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes?: number;
  sessionIdleMs?: number;
  maxSessions?: number;
}

/** The token rules, checked before anything starts. */
export function validateHttpOptions(options: Pick<HttpServeOptions, 'host' | 'authToken'>): void {
  if (options.authToken !== undefined && options.authToken.length < MIN_AUTH_TOKEN_LENGTH) {
    throw new GatewayError('USAGE', `The auth token has ${options.authToken.length} characters; at least ${MIN_AUTH_TOKEN_LENGTH} are required.`, {
      hint: 'Generate one with `openssl rand -hex 32` and pass it in TOOLGATE_AUTH_TOKEN.',
    });
  }
  if (!isLoopbackHost(options.host) && options.authToken === undefined) {
    throw new GatewayError('USAGE', `Refusing to serve on ${options.host} without a bearer token: anyone who can reach the port could run your tools.`, {
      hint: 'Set TOOLGATE_AUTH_TOKEN (or --auth-token), or bind to 127.0.0.1.',
    });
  }
}

export async function runHttp(options: HttpServeOptions): Promise<void> {
  validateHttpOptions(options);
  const app = await createGatewayApp(appOptions(options, 'http'));
  let service: HttpService | undefined;
  installShutdown(app, () => service);
  try {
    service = await startGatewayService(app, {
      nameStyle: options.names,
      tcp: {
        host: options.host,
        port: options.port,
        guardFor: (port) => ({
          allowedHosts: defaultAllowedHosts(options.host, port, options.allowedHosts),
          allowedOrigins: defaultAllowedOrigins(options.host, port, options.allowedOrigins),
          ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
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
  app.logger.info({ url: service.url }, 'HTTP service listening');
  process.stderr.write(`toolgate: serving MCP at ${service.url} (legacy SSE at /sse)${options.authToken ? ', bearer token required' : ''}\n`);
}
