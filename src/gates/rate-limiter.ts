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
   * Takes one call from each key's allowance, or from none: false when any key has none left (then
   * nothing is counted, so a call refused by one limit never spends another's). A limit of 0 is no
   * limit. A new limit applies from the next call.
   */
  take(limits: ReadonlyArray<readonly [key: string, perMinute: number]>): boolean {
    const now = this.now();
    const active = limits.filter(([, perMinute]) => perMinute > 0);
    const refilled = active.map(([key, perMinute]) => {
      const bucket = this.buckets.get(key);
      return bucket ? Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / WINDOW_MS) : perMinute;
    });
    const allowed = refilled.every((tokens) => tokens >= 1);
    active.forEach(([key], index) => {
      const tokens = (refilled[index] ?? 0) - (allowed ? 1 : 0);
      const bucket = this.buckets.get(key);
      if (bucket) {
        bucket.tokens = tokens;
        bucket.at = now;
        return;
      }
      if (this.buckets.size >= MAX_BUCKETS) this.sweep(now);
      this.buckets.set(key, { tokens, at: now });
    });
    return allowed;
  }

  /** Seconds until `key` has a call again, as of its last take (0: it has one now). */
  retryAfterSeconds(key: string, perMinute: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket || perMinute <= 0 || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * WINDOW_MS) / perMinute / 1000));
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= WINDOW_MS) this.buckets.delete(key);
    // Still full: every key is busy; forgetting all is safer than growing without bound.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
