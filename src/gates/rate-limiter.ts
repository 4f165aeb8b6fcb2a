// Calls per minute per key (a session, a tool id), as token buckets that refill continuously.

/** Buckets idle this long are full again and can be forgotten. */
const WINDOW_MS = 60_000;
/** Keys kept at most; idle (full) buckets are dropped to make room, busy ones never. */
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes one call from each key's allowance, or from none: `limited` when any key has none left (then
   * nothing is counted, so a call refused by one limit never spends another's). A limit of 0 is no
   * limit; a new limit applies from the next call. A refused call creates no bucket (a missing bucket
   * is a full one), and when the table is full of busy keys a new key is refused (`full`) rather than
   * any busy one forgotten: forgetting would hand its allowance back.
   */
  take(limits: ReadonlyArray<readonly [key: string, perMinute: number]>): 'allowed' | 'limited' | 'full' {
    const now = this.now();
    const active = limits.filter(([, perMinute]) => perMinute > 0);
    const refilled = active.map(([key, perMinute]) => {
      const bucket = this.buckets.get(key);
      return bucket ? Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / WINDOW_MS) : perMinute;
    });
    if (!refilled.every((tokens) => tokens >= 1)) return 'limited';
    const missing = active.filter(([key]) => !this.buckets.has(key)).length;
    if (missing > 0 && this.buckets.size + missing > MAX_BUCKETS) {
      this.sweep(now);
      if (this.buckets.size + missing > MAX_BUCKETS) return 'full';
    }
    active.forEach(([key], index) => {
      const tokens = (refilled[index] ?? 0) - 1;
      const bucket = this.buckets.get(key);
      if (bucket) {
        bucket.tokens = tokens;
        bucket.at = now;
      } else this.buckets.set(key, { tokens, at: now });
    });
    return 'allowed';
  }

  /** Whether `key` has a call left now; takes nothing and creates no bucket. */
  hasAllowance(key: string, perMinute: number): boolean {
    return this.retryAfterSeconds(key, perMinute) === 0;
  }

  /** Seconds until `key` has a call again (0: it has one now, or has no bucket). */
  retryAfterSeconds(key: string, perMinute: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket || perMinute <= 0) return 0;
    const tokens = Math.min(perMinute, bucket.tokens + ((this.now() - bucket.at) * perMinute) / WINDOW_MS);
    if (tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - tokens) * WINDOW_MS) / perMinute / 1000));
  }

  /** Forgets the buckets idle for a whole window: they are full again, the same as absent. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= WINDOW_MS) this.buckets.delete(key);
  }
}
