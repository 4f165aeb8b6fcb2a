// A ServerConnection to the real hostile fixture (a child process), with a logger that keeps what it is told.
import path from 'node:path';
import { afterEach } from 'vitest';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { createTransport } from '../../src/downstream/create-transport.js';
import { ServerConnection } from '../../src/downstream/server-connection.js';
import type { UpstreamRelay } from '../../src/downstream/upstream-relay.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { ROOT } from '../support/gateway-process.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A logger that records every line (children share the record). */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level'], bindings: object) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields: { ...bindings, ...fields }, message });
    };
  const make = (bindings: object): Logger & { lines: LogLine[] } => ({
    lines,
    debug: at('debug', bindings),
    info: at('info', bindings),
    warn: at('warn', bindings),
    error: at('error', bindings),
    child: (more) => make({ ...bindings, ...more }),
  });
  return make({});
}

/** How a hostile `ask` call ended: requests the client answered, requests refused, the first refusal. */
export interface AskOutcome {
  ok: number;
  errors: number;
  first_error?: string;
}

/** A factory of hostile connections that are all closed after each test of the calling file. */
export function useHostileConnections(): (logger?: Logger) => ServerConnection {
  const connections: ServerConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  });
  return (logger = silentLogger) => {
    const connection = hostileConnection(logger);
    connections.push(connection);
    return connection;
  };
}

export function hostileConnection(logger: Logger, env: Record<string, string> = {}): ServerConnection {
  const entry: ServerEntry = {
    name: 'hostile',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: process.execPath,
    args: [path.join(ROOT, 'test', 'fixtures', 'hostile-server.mjs')],
    env,
  };
  return new ServerConnection({
    entry,
    logger,
    clientInfo: { name: 'test', version: '1' },
    secrets: () => ({}),
    createTransport,
  });
}

/** The JSON text a hostile tool answered with. */
export async function callJson<T>(
  connection: ServerConnection,
  name: string,
  args: Record<string, unknown> = {},
  relay?: UpstreamRelay,
): Promise<T> {
  const result = await connection.callTool(
    { name, arguments: args },
    { timeoutMs: 120_000, ...(relay ? { relay } : {}) },
  );
  const block = result.content[0];
  return JSON.parse(block?.type === 'text' ? block.text : 'null') as T;
}

/** An in-memory upstream session: accepts every relayed request and counts them. */
export function answeringRelay(session: string): UpstreamRelay & { asked: number } {
  const relay = {
    session,
    asked: 0,
    request: async (method: string) => {
      relay.asked += 1;
      return method === 'sampling/createMessage'
        ? { role: 'assistant', model: 'test', content: { type: 'text', text: 'yes' } }
        : { action: 'accept', content: {} };
    },
  };
  return relay;
}
