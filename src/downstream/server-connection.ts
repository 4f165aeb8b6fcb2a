// One downstream server: started lazily and once, its tools cached and re-listed on change, calls forwarded.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerEntry } from '../config/server-entry.js';
import { GatewayError } from '../errors/index.js';
import type { Logger } from '../log/logger.js';
import { ChildProcessTransport, terminateNow } from './child-process-transport.js';
import type { TransportFactory } from './create-transport.js';
import { CallToolEnvelopeSchema, LenientListToolsResultSchema, normalizeTools, type DownstreamTool } from './downstream-tool.js';

/** How long a server gets to answer `initialize` (npx may download the package first). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 60_000;
/** Pages of `tools/list` followed at most, so a server returning cursors forever cannot hang us. */
export const MAX_TOOL_LIST_PAGES = 50;

export type ServerState = 'idle' | 'starting' | 'ready' | 'failed' | 'closed';

export interface ServerFailure {
  message: string;
  at: string;
  exitCode?: number | null;
  signal?: string | null;
  stderr?: string[];
}

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
  onToolsChanged?: (server: string, tools: DownstreamTool[]) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Idle timeout: reset by each progress notification. */
  timeoutMs: number;
  /** Hard ceiling however much progress arrives (policy timeouts.max_ms). */
  maxTotalMs?: number;
  onProgress?: (progress: Progress) => void;
}

export class ServerConnection {
  private stateValue: ServerState = 'idle';
  private client: Client | undefined;
  private transport: Transport | undefined;
  private toolList: DownstreamTool[] | undefined;
  private starting: Promise<DownstreamTool[]> | undefined;
  private failure: ServerFailure | undefined;
  private startedAt: Date | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: ServerConnectionOptions) {
    this.logger = options.logger.child({ server: options.entry.name });
  }

  get entry(): ServerEntry {
    return this.options.entry;
  }

  get state(): ServerState {
    return this.stateValue;
  }

  get tools(): DownstreamTool[] | undefined {
    return this.toolList;
  }

  get pid(): number | undefined {
    return this.transport instanceof ChildProcessTransport ? this.transport.pid : undefined;
  }

  /** Starts the server if needed (once, however many callers wait) and returns its tools. */
  ensureReady(): Promise<DownstreamTool[]> {
    if (this.stateValue === 'ready' && this.toolList) return Promise.resolve(this.toolList);
    if (this.stateValue === 'closed') {
      return Promise.reject(new GatewayError('DOWNSTREAM_UNAVAILABLE', `Server "${this.entry.name}" is shutting down.`, { hint: 'Retry in a moment.' }));
    }
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async callTool(params: { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> }, options: CallOptions): Promise<CallToolResult> {
    await this.ensureReady();
    const client = this.client;
    if (!client) throw this.unavailable();
    const started = performance.now();
    try {
      return (await client.request({ method: 'tools/call', params }, CallToolEnvelopeSchema, {
        signal: options.signal,
        timeout: options.timeoutMs,
        resetTimeoutOnProgress: true,
        ...(options.maxTotalMs === undefined ? {} : { maxTotalTimeout: options.maxTotalMs }),
        // Always listen: progress keeps a long call alive even when the caller did not ask to see it.
        onprogress: (progress) => options.onProgress?.(progress),
      })) as CallToolResult;
    } catch (error) {
      throw this.translateCallError(error, params.name, options, Math.round(performance.now() - started));
    }
  }

  status(): ServerStatus {
    const status: ServerStatus = { name: this.entry.name, transport: this.entry.transport, source: this.entry.source, state: this.stateValue };
    const pid = this.pid;
    if (pid !== undefined && this.stateValue !== 'failed') status.pid = pid;
    if (this.toolList) status.tools = this.toolList.length;
    if (this.startedAt) status.startedAt = this.startedAt.toISOString();
    if (this.failure) status.lastError = this.failure;
    return status;
  }

  /** Idempotent; after close the connection refuses new work. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    await this.disconnect();
  }

  /** Process-exit hook: signal the child synchronously. */
  terminateNow(): void {
    if (this.transport) terminateNow(this.transport);
  }

  private async start(): Promise<DownstreamTool[]> {
    await this.disconnect();
    this.stateValue = 'starting';
    const started = Date.now();
    const transport = this.options.createTransport(this.entry, { secrets: this.options.secrets(), logger: this.logger });
    const client = new Client(this.options.clientInfo, { capabilities: {} });
    this.transport = transport;
    this.client = client;
    client.onclose = () => this.onClientClosed(client);
    client.onerror = (error) => this.logger.debug({ err: error.message }, 'downstream transport error');
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.relist(client));
    try {
      await client.connect(transport, { timeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
      const tools = await this.listTools(client);
      this.toolList = tools;
      this.stateValue = 'ready';
      this.startedAt = new Date();
      this.failure = undefined;
      this.logger.info({ ms: Date.now() - started, tools: tools.length, pid: this.pid }, 'downstream ready');
      this.options.onToolsChanged?.(this.entry.name, tools);
      return tools;
    } catch (error) {
      const failure = this.recordFailure(error);
      await this.disconnect();
      // close() may have run while we awaited.
      if ((this.stateValue as ServerState) !== 'closed') this.stateValue = 'failed';
      throw new GatewayError(failure.code, failure.message, {
        hint: `Check the "${this.entry.name}" entry in ${this.entry.source} (command, args, env); its stderr is logged in TOOLGATE_HOME/logs/toolgate.jsonl.`,
        cause: error,
        details: { server: this.entry.name, ...(failure.stderr?.length ? { stderr: failure.stderr.slice(-5) } : {}) },
      });
    }
  }

  private async listTools(client: Client): Promise<DownstreamTool[]> {
    const raw: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_TOOL_LIST_PAGES; page++) {
      const result = await client.request({ method: 'tools/list', params: cursor ? { cursor } : {} }, LenientListToolsResultSchema);
      raw.push(...result.tools);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    const { tools, notes } = normalizeTools(raw);
    for (const note of notes) this.logger.warn({ note }, 'repaired a tool list');
    return tools;
  }

  private async relist(client: Client): Promise<void> {
    if (client !== this.client || this.stateValue !== 'ready') return;
    try {
      const tools = await this.listTools(client);
      this.toolList = tools;
      this.logger.info({ tools: tools.length }, 'tool list changed');
      this.options.onToolsChanged?.(this.entry.name, tools);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 're-listing tools after list_changed failed');
    }
  }

  private onClientClosed(client: Client): void {
    if (client !== this.client || this.stateValue === 'closed') return;
    const exit = this.transport instanceof ChildProcessTransport ? this.transport.exit : undefined;
    if (this.stateValue === 'ready') {
      this.stateValue = 'failed';
      this.failure = { ...this.exitFacts(), message: `Server "${this.entry.name}" ${describeExit(exit)}.`, at: new Date().toISOString() };
      this.logger.warn({ exit, stderr: this.failure.stderr?.slice(-5) }, 'downstream closed unexpectedly');
    }
    this.client = undefined;
  }

  private recordFailure(error: unknown): { code: 'DOWNSTREAM_UNAVAILABLE' | 'DOWNSTREAM_TIMEOUT'; message: string; stderr?: string[] } {
    const facts = this.exitFacts();
    const exit = this.transport instanceof ChildProcessTransport ? this.transport.exit : undefined;
    let code: 'DOWNSTREAM_UNAVAILABLE' | 'DOWNSTREAM_TIMEOUT' = 'DOWNSTREAM_UNAVAILABLE';
    let message: string;
    if (error instanceof GatewayError) {
      message = `Server "${this.entry.name}" could not start: ${error.message}`;
    } else if (exit) {
      message = `Server "${this.entry.name}" ${describeExit(exit)} during start-up.`;
    } else if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      code = 'DOWNSTREAM_TIMEOUT';
      message = `Server "${this.entry.name}" did not answer initialize within ${this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS} ms.`;
    } else {
      message = `Server "${this.entry.name}" could not be connected: ${(error as Error)?.message ?? String(error)}`;
    }
    if (facts.stderr?.length) message += ` Last stderr: ${facts.stderr.slice(-3).join(' | ')}`;
    this.failure = { ...facts, message, at: new Date().toISOString() };
    this.logger.warn({ err: message }, 'downstream start failed');
    return { code, message, ...(facts.stderr ? { stderr: facts.stderr } : {}) };
  }

  private exitFacts(): Omit<ServerFailure, 'message' | 'at'> {
    if (!(this.transport instanceof ChildProcessTransport)) return {};
    const exit = this.transport.exit;
    const stderr = this.transport.recentStderr;
    return {
      ...(exit ? { exitCode: exit.code, signal: exit.signal } : {}),
      ...(stderr.length ? { stderr } : {}),
    };
  }

  private translateCallError(error: unknown, tool: string, { signal, timeoutMs, maxTotalMs }: CallOptions, elapsedMs: number): GatewayError {
    if (error instanceof GatewayError) return error;
    const id = `${this.entry.name}::${tool}`;
    // The SDK reports a caller's abort with the same code as a timeout; the signal tells them apart.
    if (signal?.aborted) {
      return new GatewayError('CANCELLED', `${id} was cancelled; the downstream server was notified.`, { cause: error, details: { tool_id: id } });
    }
    if (error instanceof McpError) {
      if (error.code === ErrorCode.RequestTimeout) {
        const limit = maxTotalMs !== undefined && elapsedMs >= maxTotalMs ? `the ${maxTotalMs} ms ceiling` : `${timeoutMs} ms without progress`;
        return new GatewayError('DOWNSTREAM_TIMEOUT', `${id} did not finish within ${limit} (${elapsedMs} ms elapsed); the call was cancelled downstream.`, {
          hint: 'Retry with a larger timeout_ms (capped by policy timeouts.max_ms), or narrow the request.',
          cause: error,
          details: { elapsed_ms: elapsedMs, timeout_ms: timeoutMs, ...(maxTotalMs === undefined ? {} : { max_ms: maxTotalMs }) },
        });
      }
      if (error.code === ErrorCode.ConnectionClosed) {
        const exit = this.transport instanceof ChildProcessTransport ? this.transport.exit : undefined;
        return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Server "${this.entry.name}" ${describeExit(exit)} while ${id} was running.`, {
          hint: 'The call may or may not have taken effect. The server restarts on next use; its stderr is in TOOLGATE_HOME/logs/toolgate.jsonl.',
          cause: error,
        });
      }
      return new GatewayError('DOWNSTREAM_ERROR', `${id} failed: ${error.message}`, {
        hint: 'The downstream server rejected the call; check the arguments against `gateway.describe`.',
        cause: error,
        details: { downstream_code: error.code },
      });
    }
    return new GatewayError('DOWNSTREAM_ERROR', `${id} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  private unavailable(): GatewayError {
    return new GatewayError('DOWNSTREAM_UNAVAILABLE', `Server "${this.entry.name}" is not connected.`, { hint: 'Retry; it restarts on next use.' });
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    if (client) await client.close().catch(() => undefined);
    else if (transport) await transport.close().catch(() => undefined);
  }
}

function describeExit(exit: { code: number | null; signal: string | null } | undefined): string {
  if (!exit) return 'closed the connection';
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}
