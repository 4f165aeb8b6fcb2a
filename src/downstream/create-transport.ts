// Builds the MCP client transport for one configured server: a child process, Streamable HTTP or legacy SSE.
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/client';
import { networkEnv } from '../config/network-env.js';
import type { ServerEntry } from '../config/server-entry.js';
import type { Logger } from '../log/logger.js';
import { ChildProcessTransport } from './child-process-transport.js';
import type { ChildTracker } from './child-records.js';
import { budgetStderrLog, DEFAULT_STDERR_LOG_WINDOW_MS, MAX_STDERR_LINES_LOGGED } from './stderr-log-budget.js';

export interface TransportFactoryContext {
  /** Credentials for this server, added to a child's environment or available to header templates. */
  secrets: Record<string, string>;
  logger: Logger;
  /** Told about each child process spawned and exited (the orphan record). */
  children?: ChildTracker;
}

export type TransportFactory = (entry: ServerEntry, context: TransportFactoryContext) => Transport;

/** The factory for a gateway whose user environment is `hostEnv` (its network settings reach every child). */
export function createTransportFactory(hostEnv: Record<string, string | undefined>): TransportFactory {
  const network = networkEnv(hostEnv);
  return (entry, context) => transportFor(entry, context, network);
}

export const createTransport: TransportFactory = createTransportFactory(process.env);

function transportFor(
  entry: ServerEntry,
  { secrets, logger, children }: TransportFactoryContext,
  network: Record<string, string>,
): Transport {
  if (entry.transport === 'stdio') {
    return new ChildProcessTransport({
      command: entry.command,
      args: entry.args,
      // An explicit environment: safe basics, the user's network settings (certificates, proxies, package
      // indexes), the entry's env, its secrets; never the gateway's whole env.
      env: { ...getDefaultEnvironment(), ...network, ...entry.env, ...secrets },
      ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }),
      onStderrLine: budgetStderrLog({
        log: (line) => logger.info({ stderr: line }, 'downstream stderr'),
        onOverflow: (dropped) =>
          dropped === 0
            ? logger.warn(
                { max_lines: MAX_STDERR_LINES_LOGGED, window_ms: DEFAULT_STDERR_LOG_WINDOW_MS },
                'downstream stderr: too many lines, the rest of this window is not logged',
              )
            : logger.warn({ dropped }, 'downstream stderr: lines not logged'),
      }),
      onGarbageLine: (reason) => logger.debug({ reason }, 'skipped a non-JSON-RPC line on stdout'),
      ...(children
        ? {
            onSpawn: (pid: number, token: string) => children.onSpawn(pid, entry.name, token),
            onExit: (pid: number) => children.onExit(pid),
          }
        : {}),
    });
  }
  const url = new URL(entry.url);
  const requestInit: RequestInit = { headers: entry.headers };
  if (entry.transport === 'sse') {
    return new SSEClientTransport(url, {
      requestInit,
      // EventSource takes no headers of its own: add them to its fetch.
      eventSourceInit: {
        fetch: (input, init) =>
          fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...entry.headers } }),
      },
    });
  }
  return new StreamableHTTPClientTransport(url, { requestInit, fetch: fetchWithOwnSignal });
}

/**
 * The SDK hands every request of a transport the same long-lived abort signal, and each fetch hangs a
 * listener on it that is only let go when its response is collected: over a few thousand calls Node warns
 * of a listener leak. A signal of its own per request, following the transport's through AbortSignal.any
 * (which holds its dependants weakly, without listeners), keeps the shared signal clean.
 */
export const fetchWithOwnSignal: typeof fetch = (input, init) =>
  fetch(input, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);
