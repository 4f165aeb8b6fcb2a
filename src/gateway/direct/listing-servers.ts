// The servers a flat listing asks: the allowed ones, started first, waiting for a slow starter only once.
import type { ServerConnection } from '../../downstream/server-connection.js';
import type { Gateway } from '../gateway.js';

/** A listing waits this long for servers to start; the ones still starting are left out of that listing. */
export const LISTING_START_WAIT_MS = 10_000;

export class ListingServers {
  /** Servers that already cost one listing a full wait: later listings do not wait for them. */
  private readonly slowToStart = new Set<string>();

  constructor(private readonly gateway: Gateway) {}

  /** Every configured server the policy allows. */
  allowed(): ServerConnection[] {
    const policy = this.gateway.policy;
    return this.gateway.pool
      .names()
      .filter((name) => policy.decideServer(name).allowed)
      .map((name) => this.gateway.pool.require(name));
  }

  /**
   * Starts every allowed server that is not ready. The listing waits (up to LISTING_START_WAIT_MS) only for
   * servers no listing has waited that long for yet: one that hangs at start costs one wait, not one per listing.
   */
  async startAll(): Promise<ServerConnection[]> {
    const servers = this.allowed();
    const starts = servers
      .filter((connection) => connection.state !== 'ready')
      .map((connection) => {
        const name = connection.entry.name;
        const started = connection.ensureReady().then(
          () => void this.slowToStart.delete(name),
          () => undefined,
        );
        return { name, started, waitFor: !this.slowToStart.has(name) };
      });
    const awaited = starts.filter((start) => start.waitFor);
    if (awaited.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), LISTING_START_WAIT_MS);
        timer.unref();
      });
      const outcome = await Promise.race([Promise.all(awaited.map((start) => start.started)), waited]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        for (const start of awaited)
          if (this.gateway.pool.get(start.name)?.state !== 'ready') this.slowToStart.add(start.name);
      }
    }
    return servers.filter((connection) => connection.state === 'ready');
  }
}
