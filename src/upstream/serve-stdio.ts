// Serves one MCP session over this process's stdin/stdout; the session ends when the client closes stdin.
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/server';
import type { Logger } from '../log/logger.js';
import { StdioServerTransport } from './stdio-server-transport.js';

export interface ServeStdioOptions {
  /** The session's MCP server (meta-tools and, in flat or hybrid exposure, downstream tools). */
  createServer: (sessionId: string, logger: Logger) => Server;
  logger: Logger;
  /** Called once when the client goes away (stdin closed) or the transport fails. */
  onClose: (reason: string) => void;
  /** Default: this process's stdin and stdout (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

export interface StdioSession {
  id: string;
  startedAt: Date;
  clientName: () => string | undefined;
}

export async function serveStdio(options: ServeStdioOptions): Promise<StdioSession> {
  const sessionId = `stdio-${randomUUID()}`;
  const server = options.createServer(sessionId, options.logger.child({ session: sessionId }));
  const transport = new StdioServerTransport({
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
    onGarbageLine: (line) => options.logger.warn({ line }, 'skipped a client line that is not JSON-RPC'),
  });
  // The transport closes when the client closes stdin: that ends the gateway. Chained: the session's own
  // onclose (flat exposure's listener and subscriptions) must still run.
  const sessionOnClose = server.onclose;
  server.onclose = () => {
    sessionOnClose?.();
    options.onClose('stdin closed');
  };
  await server.connect(transport);
  return { id: sessionId, startedAt: new Date(), clientName: () => server.getClientVersion()?.name };
}
