// How many flat sessions subscribe to each resource URI: the downstream server hears the first subscribe and the last unsubscribe.

/** URIs counted at most; past it a new URI is refused (each one is a subscription held on a downstream server). */
export const MAX_SUBSCRIBED_URIS = 10_000;

export class SubscriptionCounts {
  private readonly counts = new Map<string, number>();
  /** Per URI, what keeps its server from idle shutdown while someone subscribes; released with the last one. */
  private readonly holds = new Map<string, () => void>();

  /** True when this is the first subscriber (the server must be told). */
  add(uri: string): boolean {
    const count = this.counts.get(uri) ?? 0;
    this.counts.set(uri, count + 1);
    return count === 0;
  }

  /** True when that was the last subscriber (the server must be told); false for a URI nobody subscribed to. */
  remove(uri: string): boolean {
    const count = this.counts.get(uri);
    if (count === undefined) return false;
    if (count > 1) {
      this.counts.set(uri, count - 1);
      return false;
    }
    this.counts.delete(uri);
    this.holds.get(uri)?.();
    this.holds.delete(uri);
    return true;
  }

  /** Keeps `release` for `uri` until its last subscriber leaves (a previous hold is released first). */
  hold(uri: string, release: () => void): void {
    this.holds.get(uri)?.();
    this.holds.set(uri, release);
  }

  has(uri: string): boolean {
    return this.counts.has(uri);
  }

  isFull(): boolean {
    return this.counts.size >= MAX_SUBSCRIBED_URIS;
  }

  /** Every subscribed URI. */
  uris(): string[] {
    return [...this.counts.keys()];
  }
}
