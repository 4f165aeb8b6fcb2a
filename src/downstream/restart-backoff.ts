// Bounded exponential backoff between restarts of a server that keeps failing.

/** Delay after the first failure; doubles with each further one. */
export const DEFAULT_BACKOFF_BASE_MS = 500;
/** The delay never grows past this. */
export const DEFAULT_BACKOFF_MAX_MS = 30_000;
/** A server that stayed up this long before failing starts the count afresh. */
export const DEFAULT_STABLE_UPTIME_MS = 30_000;

export interface RestartBackoffOptions {
  baseMs?: number;
  maxMs?: number;
  stableUptimeMs?: number;
}

export class RestartBackoff {
  private failures = 0;
  private retryAt = 0;

  constructor(private readonly options: RestartBackoffOptions = {}) {}

  /** Consecutive failures counted so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** When the next start may begin (epoch ms); 0 when at once. */
  get nextRetryAt(): number {
    return this.retryAt;
  }

  /** `upSinceMs`: when the server last became ready, if it did. */
  recordFailure(now: number, upSinceMs?: number): void {
    if (upSinceMs !== undefined && now - upSinceMs >= (this.options.stableUptimeMs ?? DEFAULT_STABLE_UPTIME_MS))
      this.failures = 0;
    this.failures += 1;
    const base = this.options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
    const delay = Math.min(base * 2 ** (this.failures - 1), this.options.maxMs ?? DEFAULT_BACKOFF_MAX_MS);
    this.retryAt = now + delay;
  }

  /** A deliberate stop (idle shutdown, refresh) is no failure: the next start may begin at once. */
  reset(): void {
    this.failures = 0;
    this.retryAt = 0;
  }

  remainingMs(now: number): number {
    return Math.max(0, this.retryAt - now);
  }
}
