// Serves one MCP session over this process's stdin/stdout; the session ends when the client closes stdin.
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from '../log/logger.js';
import { StdioServerTransport } from './stdio-server-transport.js';

export interface ServeStdioOptions {
  /** The session's MCP server (meta-tools and, in flat or hybrid exposure, downstream tools). */
  createServer: (sessionId: string, logger: Logger) => Server;
  logger: Logger;
  /** Called once when the client goes away (stdin closed) or the transport fails. */
  onClose: (reason: string) => void;
}

export interface StdioSession {
  id: string;
  startedAt: Date;
  clientName: () => string | undefined;
}

export async function serveStdio(options: ServeStdioOptions): Promise<StdioSession> {
  const sessionId = `stdio-${randomUUID()}`;
  const server = options.createServer(sessionId, options.logger.child({ session: sessionId }));
  const transport = new StdioServerTransport({ onGarbageLine: (line) => options.logger.warn({ line }, 'skipped a client line that is not JSON-RPC') });
  // The transport closes when the client closes stdin: that ends the gateway.
  server.onclose = () => options.onClose('stdin closed');
  await server.connect(transport);
  return { id: sessionId, startedAt: new Date(), clientName: () => server.getClientVersion()?.name };
}
