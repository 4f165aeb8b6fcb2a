// Starts of never-indexed servers: begun once each by the first search that needs them, awaited by later ones.

export class IndexAttempts {
  /** Per server, the bounded wait of the batch that started it; settled ones stay (not retried until clear()). */
  private readonly waits = new Map<string, Promise<void>>();

  /**
   * Starts the servers not attempted yet, as one batch that is waited for up to `waitMs`. Resolves once every
   * given server's batch settled or ran out of time, so a search that comes while another one's starts are
   * under way waits for the same starts, no longer than the batch's own limit.
   */
  async waitFor(
    servers: readonly string[],
    start: (server: string) => Promise<unknown>,
    waitMs: number,
  ): Promise<void> {
    const toStart = servers.filter((server) => !this.waits.has(server));
    if (toStart.length) {
      const batch = boundedWait(Promise.all(toStart.map((server) => start(server).catch(() => undefined))), waitMs);
      for (const server of toStart) this.waits.set(server, batch);
    }
    await Promise.all(new Set(servers.map((server) => this.waits.get(server))));
  }

  /** Forgets every attempt, so the next search starts unseen servers again (after a refresh). */
  clear(): void {
    this.waits.clear();
  }
}

function boundedWait(work: Promise<unknown>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  return Promise.race([work.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
