// Serves one MCP session over this process's stdin/stdout; the session ends when the client closes stdin.
import { randomUUID } from 'node:crypto';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { MetaTool } from '../gateway/meta-tool.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import type { Logger } from '../log/logger.js';
import { createSessionServer } from './session-server.js';

export interface ServeStdioOptions {
  metaTools: readonly MetaTool[];
  nameStyle: NameStyleSetting;
  serverInfo: { name: string; version: string };
  logger: Logger;
  /** Called once when the client goes away (stdin closed) or the transport fails. */
  onClose: (reason: string) => void;
}

export async function serveStdio(options: ServeStdioOptions): Promise<{ close(): Promise<void> }> {
  const sessionId = `stdio-${randomUUID()}`;
  const server = createSessionServer({ ...options, sessionId, logger: options.logger.child({ session: sessionId }) });
  const transport = new StdioServerTransport();
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    options.onClose(reason);
  };
  // The SDK transport does not notice the end of stdin by itself.
  process.stdin.once('end', () => end('stdin closed'));
  process.stdin.once('close', () => end('stdin closed'));
  server.onclose = () => end('transport closed');
  await server.connect(transport);
  return { close: () => server.close() };
}
