// Starts of never-indexed servers: begun once each by the first search that needs them, awaited by later ones.

/** Where one server's first start stands: under way, done, or failed (its error is in gateway_health). */
export type AttemptState = 'starting' | 'ready' | 'failed';

export class IndexAttempts {
  /** Per server, the bounded wait of the batch that started it; settled ones stay (not retried until clear()). */
  private readonly waits = new Map<string, Promise<void>>();
  private readonly states = new Map<string, AttemptState>();

  /**
   * Starts the servers not attempted yet, as one batch that is waited for up to `waitMs`. Resolves once every
   * given server's batch settled or ran out of time, so a search that comes while another one's starts are
   * under way waits for the same starts, no longer than the batch's own limit. `waitMs` 0 starts without waiting.
   */
  async waitFor(
    servers: readonly string[],
    start: (server: string) => Promise<unknown>,
    waitMs: number,
  ): Promise<void> {
    const toStart = servers.filter((server) => !this.waits.has(server));
    if (toStart.length) {
      const started = toStart.map((server) => {
        this.states.set(server, 'starting');
        return start(server).then(
          () => void this.settle(server, 'ready'),
          () => void this.settle(server, 'failed'),
        );
      });
      const batch = boundedWait(Promise.all(started), waitMs);
      for (const server of toStart) this.waits.set(server, batch);
    }
    await Promise.all(new Set(servers.map((server) => this.waits.get(server))));
  }

  /** undefined: never attempted (or forgotten by clear()). */
  state(server: string): AttemptState | undefined {
    return this.states.get(server);
  }

  /** Forgets every attempt, so the next search starts unseen servers again (after a refresh). */
  clear(): void {
    this.waits.clear();
    this.states.clear();
  }

  private settle(server: string, state: AttemptState): void {
    // A clear() while the start was under way began a new generation: this outcome is not its.
    if (this.states.get(server) === 'starting') this.states.set(server, state);
  }
}

function boundedWait(work: Promise<unknown>, waitMs: number): Promise<void> {
  if (waitMs <= 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
  return Promise.race([work.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
