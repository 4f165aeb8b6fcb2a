// The contract of one downstream connection: its states, options, call options and status report.
import type { Progress } from '@modelcontextprotocol/server';
import type { ServerEntry } from '../config/server-entry.js';
import type { Logger } from '../log/logger.js';
import type { ChildTracker } from './child-records.js';
import type { ServerFailure } from './connection-errors.js';
import type { TransportFactory } from './create-transport.js';
import type { DownstreamTool } from './downstream-tool.js';
import type { DownstreamNotification, UpstreamRelay } from './upstream-relay.js';

export type ServerState = 'idle' | 'starting' | 'ready' | 'failed' | 'closed';

export interface ServerStatus {
  name: string;
  transport: ServerEntry['transport'];
  source: string;
  state: ServerState;
  pid?: number;
  tools?: number;
  startedAt?: string;
  lastError?: ServerFailure;
}

export interface ServerConnectionOptions {
  entry: ServerEntry;
  createTransport: TransportFactory;
  /** Read at each start, so a credential stored meanwhile is used. */
  secrets: () => Record<string, string>;
  logger: Logger;
  clientInfo: { name: string; version: string };
  connectTimeoutMs?: number;
  children?: ChildTracker;
  onToolsChanged?: (server: string, tools: DownstreamTool[]) => void;
  /** Logging, resource and prompt notifications of this server (flat exposure forwards them upstream). */
  onNotification?: (server: string, notification: DownstreamNotification) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Idle timeout: reset by each progress notification. */
  timeoutMs: number;
  /** Hard ceiling however much progress arrives (policy timeouts.max_ms). */
  maxTotalMs?: number;
  onProgress?: (progress: Progress) => void;
  /** Where the server's sampling and elicitation requests during this call go. */
  relay?: UpstreamRelay;
}

export interface ForwardOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Where the server's sampling and elicitation requests during this request go. */
  relay?: UpstreamRelay;
}
