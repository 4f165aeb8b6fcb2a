// Serves one MCP session over this process's stdin/stdout; the session ends when the client closes stdin.
import { randomUUID } from 'node:crypto';
import type { MetaTool } from '../gateway/meta-tool.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import type { TokenLedger } from '../gateway/token-ledger.js';
import type { Logger } from '../log/logger.js';
import { createSessionServer } from './session-server.js';
import { StdioServerTransport } from './stdio-server-transport.js';

export interface ServeStdioOptions {
  metaTools: readonly MetaTool[];
  nameStyle: NameStyleSetting;
  serverInfo: { name: string; version: string };
  logger: Logger;
  ledger?: TokenLedger;
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
  const server = createSessionServer({ ...options, sessionId, logger: options.logger.child({ session: sessionId }) });
  const transport = new StdioServerTransport({ onGarbageLine: (line) => options.logger.warn({ line }, 'skipped a client line that is not JSON-RPC') });
  // The transport closes when the client closes stdin: that ends the gateway.
  server.onclose = () => options.onClose('stdin closed');
  await server.connect(transport);
  return { id: sessionId, startedAt: new Date(), clientName: () => server.getClientVersion()?.name };
}
