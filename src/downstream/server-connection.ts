// One downstream server: started lazily and once, restarted with backoff after a failure, calls forwarded.
import { setTimeout as delay } from 'node:timers/promises';
import { Client, ProtocolError, SdkErrorCode, SdkError } from '@modelcontextprotocol/client';
import type { Transport, CallToolResult, ServerCapabilities } from '@modelcontextprotocol/client';
import type { z } from 'zod';
import type { ServerEntry } from '../config/server-entry.js';
import type { Logger } from '../log/logger.js';
import { validateCallResult } from './call-result.js';
import { startCeiling } from './call-ceiling.js';
import { ChildProcessTransport, terminateNow } from './child-process-transport.js';
import {
  backingOffError,
  describeExit,
  startFailureError,
  exitFactsOf,
  isLocalTimeout,
  stderrSuffix,
  translateCallError,
  unavailableError,
  type ExitFacts,
  type ServerFailure,
} from './connection-errors.js';
import type {
  CallOptions,
  ForwardOptions,
  ServerConnectionOptions,
  ServerState,
  ServerStatus,
} from './connection-types.js';
import { RELAYED_CLIENT_CAPABILITIES, RelayRegistry } from './upstream-relay.js';
import { CallToolEnvelopeSchema, type DownstreamTool } from './downstream-tool.js';
import { CoalescedRefresh } from './coalesced-refresh.js';
import { listAllTools } from './list-tools.js';
import { RestartBackoff } from './restart-backoff.js';
import { retryReasonOf } from './retry-reason.js';
import { isNotDelivered } from './delivery-error.js';

export type { ServerFailure } from './connection-errors.js';
export type {
  CallOptions,
  ForwardOptions,
  ServerConnectionOptions,
  ServerState,
  ServerStatus,
} from './connection-types.js';

/** How long a server gets to answer `initialize` (npx may download the package first). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 60_000;
/** How long a failed start waits for a child that refused its first write to exit (its exit code says more). */
const EXIT_FACTS_WAIT_MS = 2_000;
/** A call arriving while a failed server backs off waits this long at most; past it, the call fails at once. */
export const MAX_BACKOFF_WAIT_MS = 2_000;

type CallParams = { name: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> };

export class ServerConnection {
  private stateValue: ServerState = 'idle';
  private client: Client | undefined;
  private transport: Transport | undefined;
  private toolList: DownstreamTool[] | undefined;
  private starting: Promise<DownstreamTool[]> | undefined;
  private closing: Promise<void> | undefined;
  private failure: ServerFailure | undefined;
  private startedAt: Date | undefined;
  private readonly backoff = new RestartBackoff();
  private readonly relays = new RelayRegistry();
  private inFlightCount = 0;
  private lastActivity = Date.now();
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

  /** What the running server said it supports at initialize; undefined until it has started. */
  get capabilities(): ServerCapabilities | undefined {
    return this.stateValue === 'ready' ? this.client?.getServerCapabilities() : undefined;
  }

  /**
   * Sends one request other than tools/call (prompts, resources, completions, logging level), starting the
   * server if needed. A JSON-RPC error of the server is thrown as it came (ProtocolError), for the caller to pass on.
   */
  async forward<T extends z.ZodType>(
    method: string,
    params: Record<string, unknown> | undefined,
    schema: T,
    options: ForwardOptions,
  ): Promise<z.infer<T>> {
    await this.ensureReady();
    const client = this.client;
    if (!client) throw unavailableError(this.entry.name, 'is not connected');
    this.lastActivity = Date.now();
    const removeRelay = options.relay ? this.relays.add(options.relay) : undefined;
    try {
      // The SDK types the result as the Standard Schema's output, which for a zod schema is z.infer.
      return (await client.request({ method, ...(params === undefined ? {} : { params }) }, schema, {
        timeout: options.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      })) as z.infer<T>;
    } finally {
      removeRelay?.();
    }
  }

  /** Calls running now; a server with calls in flight is never pinged or stopped for idleness. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Milliseconds since the last call started or ended (or the server became ready). */
  idleMs(now = Date.now()): number {
    return this.inFlightCount > 0 ? 0 : now - this.lastActivity;
  }

  /** Starts the server if needed (once, however many callers wait) and returns its tools. */
  ensureReady(): Promise<DownstreamTool[]> {
    if (this.stateValue === 'ready' && this.toolList) return Promise.resolve(this.toolList);
    if (this.stateValue === 'closed') return Promise.reject(unavailableError(this.entry.name, 'is shutting down'));
    if (!this.starting) {
      const wait = this.stateValue === 'failed' ? this.backoff.remainingMs(Date.now()) : 0;
      if (wait > MAX_BACKOFF_WAIT_MS)
        return Promise.reject(backingOffError(this.entry.name, this.failure, wait, this.backoff.consecutiveFailures));
      // Says why a call took up to MAX_BACKOFF_WAIT_MS longer than usual.
      if (wait > 0) this.logger.info({ wait_ms: wait }, 'waiting out the restart backoff before starting');
      this.starting = (wait > 0 ? delay(wait) : Promise.resolve())
        .then(() => this.start())
        .finally(() => {
          this.starting = undefined;
        });
    }
    return this.starting;
  }

  /**
   * Forwards one call. Retried once, on a fresh connection, only when that cannot repeat an effect: the
   * request never left (dead pipe, refused connection, a remote session the server expired: HTTP 404), or
   * the server died mid-call and the tool is annotated readOnlyHint or idempotentHint.
   */
  async callTool(params: CallParams, options: CallOptions): Promise<CallToolResult> {
    const started = performance.now();
    this.inFlightCount += 1;
    const removeRelay = options.relay ? this.relays.add(options.relay) : undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        await this.ensureReady();
        const client = this.client;
        if (!client) throw unavailableError(this.entry.name, 'is not connected');
        const ceiling =
          options.maxTotalMs === undefined
            ? undefined
            : startCeiling(options.maxTotalMs - (performance.now() - started), options.signal);
        try {
          const result = await client.request({ method: 'tools/call', params }, CallToolEnvelopeSchema, {
            signal: ceiling?.signal ?? options.signal,
            timeout: options.timeoutMs,
            resetTimeoutOnProgress: true,
            // Always listen: progress keeps a long call alive even when the caller did not ask to see it.
            onprogress: (progress) => options.onProgress?.(progress),
          });
          return validateCallResult(result, `${this.entry.name}::${params.name}`);
        } catch (error) {
          // -32000 is also a code servers send for their own reasons: only a client we let go of is a lost connection.
          const connectionLost =
            error instanceof SdkError && error.code === SdkErrorCode.ConnectionClosed && client !== this.client;
          const retry =
            attempt === 1 && !options.signal?.aborted
              ? retryReasonOf(error, connectionLost, this.toolList?.find((t) => t.name === params.name)?.annotations)
              : undefined;
          if (!retry) {
            throw translateCallError(error, {
              server: this.entry.name,
              tool: params.name,
              ...(options.signal ? { signal: options.signal } : {}),
              timeoutMs: options.timeoutMs,
              ...(options.maxTotalMs === undefined ? {} : { maxTotalMs: options.maxTotalMs }),
              elapsedMs: Math.round(performance.now() - started),
              facts: this.exitFacts(this.transport),
              timedOut:
                isLocalTimeout(error, options.timeoutMs) ||
                (ceiling?.signal.aborted === true && ceiling.signal.reason === error),
              connectionLost,
            });
          }
          this.logger.info({ tool: params.name, reason: retry }, 'retrying a call on a fresh connection');
          await this.dropClient(client, retry === 'session expired');
        } finally {
          ceiling?.dispose();
        }
      }
    } finally {
      removeRelay?.();
      this.inFlightCount -= 1;
      this.lastActivity = Date.now();
    }
  }

  /** Health check of an idle ready server. A server that does not answer is marked failed and stopped. */
  async ping(timeoutMs: number): Promise<boolean> {
    const client = this.client;
    if (this.stateValue !== 'ready' || !client) return true;
    try {
      await client.ping({ timeout: timeoutMs });
      return true;
    } catch (error) {
      // The connection ended meanwhile: onClientClosed (or whoever replaced the client) already recorded why.
      if (client !== this.client) return true;
      const timedOut = isLocalTimeout(error, timeoutMs);
      // Any JSON-RPC answer (even "method not found", even -32000 or -32001) proves the server is alive.
      if (error instanceof ProtocolError && !timedOut) return true;
      // A call that started while the ping waited may still be served: stopping the server would kill it.
      if (this.inFlightCount > 0) return true;
      this.markFailed(
        `Server "${this.entry.name}" ${timedOut ? `did not answer a ping within ${timeoutMs} ms` : `failed a ping (${(error as Error).message})`} and was stopped.`,
      );
      await this.dropClient(client, false);
      return false;
    }
  }

  /** Stops a ready server nobody is using; the next use starts it again. */
  async stopIdle(): Promise<boolean> {
    if (this.stateValue !== 'ready' || this.inFlightCount > 0) return false;
    this.stateValue = 'idle';
    this.backoff.reset();
    this.logger.info({ idle_ms: this.idleMs() }, 'stopping an idle server');
    await this.disconnect();
    return true;
  }

  status(): ServerStatus {
    const status: ServerStatus = {
      name: this.entry.name,
      transport: this.entry.transport,
      source: this.entry.source,
      state: this.stateValue,
    };
    const pid = this.pid;
    if (pid !== undefined && (this.stateValue === 'ready' || this.stateValue === 'starting')) status.pid = pid;
    if (this.toolList) status.tools = this.toolList.length;
    if (this.startedAt) status.startedAt = this.startedAt.toISOString();
    if (this.failure) status.lastError = this.failure;
    return status;
  }

  /** Idempotent: every caller gets the same promise, settled once the server is really down. */
  close(): Promise<void> {
    // Set at once, before any await: from here on the connection refuses new work.
    this.stateValue = 'closed';
    this.closing ??= this.disconnect();
    return this.closing;
  }

  /** Process-exit hook: signal the child synchronously. */
  terminateNow(): void {
    if (this.transport) terminateNow(this.transport);
  }

  private async start(): Promise<DownstreamTool[]> {
    await this.disconnect();
    if (this.stateValue === 'closed') throw unavailableError(this.entry.name, 'is shutting down');
    this.stateValue = 'starting';
    const started = Date.now();
    const transport = this.options.createTransport(this.entry, {
      secrets: this.options.secrets(),
      logger: this.logger,
      ...(this.options.children ? { children: this.options.children } : {}),
    });
    const client = new Client(this.options.clientInfo, { capabilities: RELAYED_CLIENT_CAPABILITIES });
    this.transport = transport;
    this.client = client;
    client.onclose = () => this.onClientClosed(client);
    client.onerror = (error) => this.logger.debug({ err: error.message }, 'downstream transport error');
    const refresh = new CoalescedRefresh((notifications) => this.relist(client, notifications));
    client.setNotificationHandler('notifications/tools/list_changed', () => refresh.trigger());
    this.relays.install(client, this.entry.name, this.options.onNotification);
    const timeout = this.entry.startupTimeoutMs ?? this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    try {
      await client.connect(transport, { timeout });
      const { tools, notes } = await listAllTools(client, timeout);
      for (const note of notes) this.logger.warn({ note }, 'repaired a tool list');
      if ((this.stateValue as ServerState) === 'closed') throw unavailableError(this.entry.name, 'is shutting down');
      this.toolList = tools;
      this.stateValue = 'ready';
      this.startedAt = new Date();
      this.lastActivity = Date.now();
      this.failure = undefined;
      this.logger.info({ ms: Date.now() - started, tools: tools.length, child_pid: this.pid }, 'downstream ready');
      this.options.onToolsChanged?.(this.entry.name, tools);
      return tools;
    } catch (error) {
      // A child that dies at once can fail the initialize write (EPIPE) before its exit is seen: the exit says more.
      if (isNotDelivered(error) && transport instanceof ChildProcessTransport)
        await transport.exitedWithin(EXIT_FACTS_WAIT_MS);
      const facts = this.exitFacts(transport);
      const failure = startFailureError(this.entry, error, facts, timeout);
      await this.disconnect();
      // close() may have run while we awaited.
      if ((this.stateValue as ServerState) !== 'closed') this.markFailed(failure.message, facts);
      throw failure;
    }
  }

  /** One re-list for `notifications` list_changed notifications (a burst is merged by CoalescedRefresh), logged once. */
  private async relist(client: Client, notifications: number): Promise<void> {
    if (client !== this.client || this.stateValue !== 'ready') return;
    try {
      const { tools } = await listAllTools(client);
      if (client !== this.client) return;
      this.toolList = tools;
      this.logger.info({ tools: tools.length, notifications }, 'tool list changed');
      this.options.onToolsChanged?.(this.entry.name, tools);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, notifications }, 're-listing tools after list_changed failed');
    }
  }

  private onClientClosed(client: Client): void {
    if (client !== this.client || this.stateValue === 'closed') return;
    if (this.stateValue === 'ready') {
      const facts = this.exitFacts(this.transport);
      this.markFailed(`Server "${this.entry.name}" ${describeExit(facts)}.${stderrSuffix(facts)}`, facts);
    }
    this.client = undefined;
  }

  /** Records a failure with its facts and schedules the next allowed start. */
  /** Exit facts with this server's own secrets masked in its stderr, besides the built-in credential shapes. */
  private exitFacts(transport: Transport | undefined): ExitFacts {
    return exitFactsOf(transport, Object.values(this.options.secrets()));
  }

  private markFailed(message: string, facts = this.exitFacts(this.transport)): void {
    const now = Date.now();
    this.backoff.recordFailure(now, this.stateValue === 'ready' ? this.startedAt?.getTime() : undefined);
    this.stateValue = 'failed';
    const { closeReason: _reason, ...rest } = facts;
    this.failure = {
      ...rest,
      message,
      at: new Date(now).toISOString(),
      failures: this.backoff.consecutiveFailures,
      nextRetryAt: new Date(this.backoff.nextRetryAt).toISOString(),
    };
    this.logger.warn({ err: message, next_retry_at: this.failure.nextRetryAt }, 'downstream failed');
  }

  /** Lets go of a connection that failed a call, so that ensureReady opens a new one. */
  private async dropClient(client: Client, expiredSession: boolean): Promise<void> {
    if (client !== this.client) return;
    // An expired remote session is routine (the server restarted or timed it out): no backoff for it.
    if (expiredSession) this.stateValue = 'idle';
    else if (this.stateValue === 'ready') this.markFailed(`Server "${this.entry.name}" stopped accepting requests.`);
    await this.disconnect();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    if (client) await client.close().catch(() => undefined);
    else if (transport) await transport.close().catch(() => undefined);
  }
}
