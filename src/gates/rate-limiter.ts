// Calls per minute per key (a session, a tool id), as token buckets that refill continuously.

/** Buckets idle this long are full again and can be forgotten. */
const WINDOW_MS = 60_000;
/** More keys than this (sessions churning for days) and the full buckets are dropped. */
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes one call from `key`'s allowance of `perMinute`; false when none is left (the call is not
   * counted then). `perMinute` 0 means no limit. A new limit applies from the next call.
   */
  take(key: string, perMinute: number): boolean {
    if (perMinute <= 0) return true;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    const refilled = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / WINDOW_MS);
    const allowed = refilled >= 1;
    bucket.tokens = allowed ? refilled - 1 : refilled;
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      this.buckets.set(key, bucket);
    }
    return allowed;
  }

  /** Seconds until `key` has a call again (for the error hint). */
  retryAfterSeconds(key: string, perMinute: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket || perMinute <= 0) return 0;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * WINDOW_MS) / perMinute / 1000));
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= WINDOW_MS) this.buckets.delete(key);
    // Still full: every key is busy; forgetting all is safer than growing without bound.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
