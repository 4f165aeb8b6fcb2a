// The HTTP face of the gateway: a TCP listener for remote clients and a Unix socket for local ones.
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/server';
import { CLI_ROUTE } from '../control/control-socket.js';
import { GatewayError, JSON_RPC_CODES, toGatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { McpRoutes, sendJsonRpcError } from './mcp-routes.js';
import { DEFAULT_MAX_BODY_BYTES } from './read-body.js';
import { checkOrigin, checkToken, type RequestGuardOptions } from './request-guard.js';
import {
  SessionRegistry,
  type LiveSession,
  type SessionKind,
  type SessionRegistryOptions,
} from './session-registry.js';

/** How long an idle keep-alive connection stays open. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface HttpServiceOptions {
  createServer: (sessionId: string, kind: SessionKind) => Server;
  logger: Logger;
  /** The network listener (serve --http); absent for a stdio gateway, which only has the socket. */
  tcp?: { host: string; port: number; guardFor: (boundPort: number) => RequestGuardOptions };
  /** The local control socket (attached stdio sessions, the CLI); guarded by its directory's 0700 mode. */
  socketPath?: string;
  maxBodyBytes?: number;
  /** Session limits; closed sessions are reported through onSessionClosed. */
  sessions?: Omit<SessionRegistryOptions, 'onClosed'>;
  /** The JSON `GET /status` answers (no secrets); `local`: asked on the owner's control socket, not over TCP. */
  status: (local: boolean) => unknown;
  /** `POST /refresh` (local socket only): reloads config and policy. */
  refresh?: (params: { server?: string; force?: boolean }) => Promise<unknown>;
  onSessionClosed?: (session: LiveSession, reason: string) => void;
}

export interface HttpService {
  sessions: SessionRegistry;
  /** The bound TCP URL of /mcp, when listening on TCP. */
  url?: string;
  close(): Promise<void>;
}

export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const sessions = new SessionRegistry({
    ...options.sessions,
    onClosed: (session, reason) => {
      options.logger.debug({ session: session.id, reason }, 'session closed');
      options.onSessionClosed?.(session, reason);
    },
  });
  const routes = new McpRoutes({
    createServer: options.createServer,
    sessions,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger: options.logger,
  });

  const handle =
    (local: boolean) => (request: IncomingMessage, response: ServerResponse, guard?: RequestGuardOptions) => {
      dispatch(request, response, local, guard).catch((error: unknown) => {
        options.logger.error({ err: error, path: request.url }, 'HTTP request failed');
        sendJsonRpcError(
          response,
          500,
          JSON_RPC_CODES.INTERNAL_ERROR,
          'Internal error in the gateway; see `toolgate logs`.',
        );
      });
    };

  const dispatch = async (
    request: IncomingMessage,
    response: ServerResponse,
    local: boolean,
    guard?: RequestGuardOptions,
  ) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // Before the Host check: it reveals nothing, and a container's health probe asks 127.0.0.1 whatever
    // names --allowed-hosts lists.
    if (url.pathname === '/healthz' && request.method === 'GET') return sendJson(response, 200, { status: 'ok' });
    if (guard) {
      const rejected = checkOrigin(request, guard) ?? checkToken(request, guard);
      if (rejected)
        return sendJsonRpcError(
          response,
          rejected.status,
          JSON_RPC_CODES.SERVER_ERROR,
          rejected.message,
          rejected.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
        );
    }
    switch (url.pathname) {
      case '/mcp':
        return routes.streamable(request, response, local ? 'attached' : 'streamable-http');
      case CLI_ROUTE:
        // toolgate's own CLI: only on the owner's socket. Attached clients (whatever they call themselves) use /mcp.
        if (local) return routes.streamable(request, response, 'cli');
        break;
      case '/sse':
        if (request.method === 'GET') return routes.openSse(response);
        break;
      case '/messages':
        if (request.method === 'POST') return routes.postSseMessage(request, response, url);
        break;
      case '/status':
        if (request.method === 'GET') return sendJson(response, 200, options.status(local));
        break;
      case '/refresh':
        if (request.method === 'POST' && local && options.refresh) {
          const params = Object.fromEntries(url.searchParams);
          try {
            return sendJson(
              response,
              200,
              await options.refresh({
                ...(params.server ? { server: params.server } : {}),
                force: params.force === 'true',
              }),
            );
          } catch (error) {
            return sendJson(response, 422, { error: toGatewayError(error).toJSON() });
          }
        }
        break;
      case '/debug/gc': {
        // Only for measuring (the load benchmark): exists when the process was started with --expose-gc.
        const gc = (globalThis as { gc?: () => void }).gc;
        if (request.method === 'POST' && local && gc) {
          gc();
          const { rss, heapUsed } = process.memoryUsage();
          return sendJson(response, 200, { rss, heap_used: heapUsed });
        }
        break;
      }
      default:
        return sendJsonRpcError(
          response,
          404,
          JSON_RPC_CODES.SERVER_ERROR,
          `No route ${url.pathname}: MCP is served at /mcp (Streamable HTTP) and /sse (legacy SSE).`,
        );
    }
    sendJsonRpcError(
      response,
      405,
      JSON_RPC_CODES.SERVER_ERROR,
      `Method ${request.method} is not supported on ${url.pathname}.`,
    );
  };

  const listeners: http.Server[] = [];
  const service: HttpService = { sessions, close: async () => undefined };
  try {
    if (options.tcp) {
      // The guard needs the bound port (Host and Origin carry it), known only once listening (port 0 picks one).
      // eslint-disable-next-line prefer-const -- read by the request handler created before it is assigned
      let guard: RequestGuardOptions | undefined;
      const guarded = handle(false);
      const server = http.createServer((request, response) =>
        guard ? guarded(request, response, guard) : response.destroy(),
      );
      // Longer than clients' own keep-alive (undici: 4 s), so a reused socket is never closed under a request.
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
      listeners.push(server);
      const address = await listen(
        server,
        () => server.listen(options.tcp!.port, options.tcp!.host),
        `${options.tcp.host}:${options.tcp.port}`,
      );
      guard = options.tcp.guardFor(address.port);
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      service.url = `http://${host}:${address.port}/mcp`;
    }
    if (options.socketPath) {
      const socketPath = options.socketPath;
      // A socket file left by a gateway that was killed: we hold the lock now, so it is nobody's.
      await fs.rm(socketPath, { force: true });
      const local = handle(true);
      const server = http.createServer((request, response) => local(request, response));
      listeners.push(server);
      // Created 0600 (not chmodded after): in the temp-dir fallback no 0700 directory guards the gap.
      const umask = process.umask(0o177);
      try {
        await listen(server, () => server.listen(socketPath), socketPath);
      } finally {
        process.umask(umask);
      }
      await fs.chmod(socketPath, 0o600);
    }
  } catch (error) {
    await Promise.all(listeners.map((server) => closeServer(server)));
    throw error;
  }

  let closing: Promise<void> | undefined;
  service.close = () => {
    closing ??= (async () => {
      await sessions.closeAll('service stopping');
      await Promise.all(listeners.map((server) => closeServer(server)));
      if (options.socketPath) await fs.rm(options.socketPath, { force: true });
    })();
    return closing;
  };
  return service;
}

function listen(server: http.Server, start: () => void, where: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      reject(
        new GatewayError(
          'LISTEN_FAILED',
          inUse ? `Address ${where} is already in use.` : `Could not listen on ${where}: ${error.message}`,
          {
            hint: inUse
              ? 'Another process serves that port: stop it, or pick another with --port.'
              : 'Check the --host and --port values.',
            cause: error,
          },
        ),
      );
    });
    server.once('listening', () => resolve(server.address() as AddressInfo));
    start();
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}
