// The MCP routes: Streamable HTTP on /mcp (POST, GET stream, DELETE) and legacy SSE on /sse + /messages.
import { JSON_RPC_CODES } from '../errors/index.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import { isInitializeRequest } from '@modelcontextprotocol/server';
import type { Server } from '@modelcontextprotocol/server';
import type { Logger } from '../log/logger.js';
import { capClientInfo } from '../wire/client-info.js';
import { BodyError, readJsonBody } from './read-body.js';
import type { LiveSession, SessionKind, SessionRegistry } from './session-registry.js';

export interface McpRoutesOptions {
  /** A fresh MCP server for one upstream session; `kind` says how it came in (a `cli` session gets the meta-tools in any exposure). */
  createServer: (sessionId: string, kind: SessionKind) => Server;
  sessions: SessionRegistry;
  maxBodyBytes: number;
  logger: Logger;
}

const SESSION_HEADER = 'mcp-session-id';

export function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
  id: string | number | null = null,
): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id }));
}

export class McpRoutes {
  constructor(private readonly options: McpRoutesOptions) {}

  async streamable(request: IncomingMessage, response: ServerResponse, kind: SessionKind): Promise<void> {
    const id = headerOf(request, SESSION_HEADER);
    if (request.method === 'POST') {
      const body = await this.body(request, response);
      if (body === undefined) return;
      if (id === undefined) return this.initialize(request, response, body, kind);
      const session = this.lookup(id, response, 'streamable');
      if (!session) return;
      // A call in flight keeps its session alive; idle time counts only when nothing is open.
      this.options.sessions.holdStream(session, response);
      await session.handle(request, response, body);
      return;
    }
    if (request.method === 'GET' || request.method === 'DELETE') {
      if (id === undefined)
        return sendJsonRpcError(
          response,
          400,
          JSON_RPC_CODES.SERVER_ERROR,
          `${request.method} /mcp needs the Mcp-Session-Id header of an initialized session.`,
        );
      const session = this.lookup(id, response, 'streamable');
      if (!session) return;
      if (request.method === 'GET') this.options.sessions.holdStream(session, response);
      else session.endedByClient = true;
      await session.handle(request, response);
      if (request.method === 'DELETE') await this.options.sessions.close(id, 'deleted by client');
      return;
    }
    sendJsonRpcError(
      response,
      405,
      JSON_RPC_CODES.SERVER_ERROR,
      `Method ${request.method} is not supported on /mcp: use POST, GET or DELETE.`,
      { allow: 'POST, GET, DELETE' },
    );
  }

  /** GET /sse opens a legacy session; its messages come as POST /messages?sessionId=... */
  async openSse(response: ServerResponse): Promise<void> {
    if (this.options.sessions.isFull())
      return sendJsonRpcError(response, 503, JSON_RPC_CODES.SERVER_ERROR, this.fullMessage());
    const transport = new SSEServerTransport('/messages', response);
    const server = this.options.createServer(transport.sessionId, 'sse');
    const session = this.register(
      transport.sessionId,
      'sse',
      (req, res, body) => transport.handlePostMessage(req, res, body),
      server,
    );
    this.options.sessions.holdStream(session, response);
    response.once('close', () => void this.options.sessions.close(session.id, 'stream closed'));
    await server.connect(transport);
  }

  async postSseMessage(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const id = url.searchParams.get('sessionId') ?? '';
    const session = this.lookup(id, response, 'sse');
    if (!session) return;
    const body = await this.body(request, response);
    if (body === undefined) return;
    await session.handle(request, response, body);
  }

  private async initialize(
    request: IncomingMessage,
    response: ServerResponse,
    body: unknown,
    kind: SessionKind,
  ): Promise<void> {
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((message) => isInitializeRequest(message))) {
      return sendJsonRpcError(
        response,
        400,
        JSON_RPC_CODES.SERVER_ERROR,
        'No Mcp-Session-Id header: the first request of a session must be "initialize".',
      );
    }
    if (this.options.sessions.isFull())
      return sendJsonRpcError(response, 503, JSON_RPC_CODES.SERVER_ERROR, this.fullMessage());
    const id = randomUUID();
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => id });
    const server = this.options.createServer(id, kind);
    const session = this.register(id, kind, (req, res, body) => transport.handleRequest(req, res, body), server);
    // The SDK closes the transport itself on DELETE: say so rather than "transport closed".
    transport.onclose = () =>
      void this.options.sessions.close(id, session.endedByClient ? 'deleted by client' : 'transport closed');
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
    // The SDK refused the initialize (406 for a missing Accept header, a bad protocol version...): the
    // client never learned the id, so nobody could end this session; it must not hold a slot until expiry.
    if (transport.sessionId === undefined) await this.options.sessions.close(id, 'initialize refused');
  }

  private register(id: string, kind: SessionKind, handle: LiveSession['handle'], server: Server): LiveSession {
    const now = Date.now();
    const session: LiveSession = {
      id,
      kind,
      handle,
      createdAt: now,
      lastActivity: now,
      openStreams: 0,
      clientName: () => server.getClientVersion()?.name,
      close: () => server.close(),
    };
    this.options.sessions.add(session);
    this.options.logger.debug({ session: id, kind }, 'session opened');
    return session;
  }

  /** `route`: an id of the other route's sessions is unknown here (each transport only understands its own). */
  private lookup(id: string, response: ServerResponse, route: 'streamable' | 'sse'): LiveSession | undefined {
    const session = this.options.sessions.touch(id, (kind) => (kind === 'sse') === (route === 'sse'));
    // 404 tells a Streamable HTTP client to start a new session (spec: session management).
    if (!session)
      sendJsonRpcError(
        response,
        404,
        JSON_RPC_CODES.SESSION_NOT_FOUND,
        'Session not found: it expired or was closed. Send a new "initialize" without Mcp-Session-Id.',
      );
    return session;
  }

  private async body(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
    try {
      return capClientInfo(await readJsonBody(request, this.options.maxBodyBytes));
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendJsonRpcError(
        response,
        error.status,
        error.rpc?.code ?? (error.status === 413 ? JSON_RPC_CODES.SERVER_ERROR : JSON_RPC_CODES.PARSE_ERROR),
        error.message,
        {},
        error.rpc?.id ?? null,
      );
      return undefined;
    }
  }

  private fullMessage(): string {
    return `The service already has ${this.options.sessions.maxSessions} sessions (--max-sessions). Close idle clients or raise the cap.`;
  }
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
