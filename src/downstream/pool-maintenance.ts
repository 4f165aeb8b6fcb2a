// Periodic care of the pool: ping idle connected servers, stop servers idle too long, reconnect dropped remote ones.
import type { Logger } from '../log/logger.js';
import type { ServerConnection } from './server-connection.js';

import {
  DEFAULT_IDLE_SHUTDOWN_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_PING_TIMEOUT_MS,
} from '../settings/setting-defaults.js';

export {
  DEFAULT_IDLE_SHUTDOWN_MS,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_PING_TIMEOUT_MS,
} from '../settings/setting-defaults.js';
/** Bounds of the maintenance tick (a quarter of the shortest interval in use). */
const MIN_TICK_MS = 100;
const MAX_TICK_MS = 15_000;

export interface MaintenanceSettings {
  pingIntervalMs: number;
  pingTimeoutMs: number;
  /** Gateway default; a server entry's `idle_shutdown_ms` overrides it. */
  idleShutdownMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceSettings = {
  pingIntervalMs: DEFAULT_PING_INTERVAL_MS,
  pingTimeoutMs: DEFAULT_PING_TIMEOUT_MS,
  idleShutdownMs: DEFAULT_IDLE_SHUTDOWN_MS,
};

export class PoolMaintenance {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = false;
  private readonly lastPing = new WeakMap<ServerConnection, number>();

  /** `isHeld`: a server someone keeps up (a resource subscription) is never stopped for idleness. */
  constructor(
    private readonly connections: () => ServerConnection[],
    private readonly settings: MaintenanceSettings,
    private readonly logger: Logger,
    private readonly isHeld: (server: string) => boolean = () => false,
  ) {}

  /** Schedules ticks; the timer never keeps the process alive. */
  start(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().finally(() => this.start());
    }, this.tickMs());
    this.timer.unref();
  }

  /** Re-arms the timer after the configured servers changed (a new entry may want a shorter tick). */
  reschedule(): void {
    if (this.stopped || this.ticking) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.start();
  }

  /** Idempotent. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One pass over every connection (exported for tests; overlapping passes are skipped). */
  async tick(now = Date.now()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await Promise.all(this.connections().map((connection) => this.care(connection, now)));
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'pool maintenance failed');
    } finally {
      this.ticking = false;
    }
  }

  private async care(connection: ServerConnection, now: number): Promise<void> {
    if (connection.state === 'ready' && connection.inFlight === 0) {
      const idle = connection.idleMs(now);
      const idleLimit = connection.entry.idleShutdownMs ?? this.settings.idleShutdownMs;
      if (idleLimit > 0 && idle >= idleLimit && !this.isHeld(connection.entry.name)) {
        await connection.stopIdle();
        return;
      }
      const every = this.settings.pingIntervalMs;
      if (every > 0 && idle >= every && now - (this.lastPing.get(connection) ?? 0) >= every) {
        this.lastPing.set(connection, now);
        await connection.ping(this.settings.pingTimeoutMs);
      }
      return;
    }
    // A remote server that worked before and dropped is reconnected once its backoff allows; a child process waits for its next use.
    const status = connection.status();
    const retryAt = status.lastError?.nextRetryAt ? Date.parse(status.lastError.nextRetryAt) : Number.NaN;
    if (status.state === 'failed' && status.transport !== 'stdio' && status.startedAt !== undefined && retryAt <= now) {
      await connection.ensureReady().catch(() => undefined);
    }
  }

  private tickMs(): number {
    const intervals = [
      this.settings.pingIntervalMs,
      this.settings.idleShutdownMs,
      ...this.connections().map((c) => c.entry.idleShutdownMs ?? 0),
    ].filter((ms) => ms > 0);
    const shortest = intervals.length ? Math.min(...intervals) : MAX_TICK_MS * 4;
    return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(shortest / 4)));
  }
}
