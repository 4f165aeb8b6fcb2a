// Runs a refresh for a stream of triggers (a server's list_changed notifications): one in flight, one pending, the rest merged.

/**
 * A burst of triggers costs at most two runs at a time: the one running and one queued behind it. Triggers that
 * arrive while a run is queued join it, so a server sending list_changed in a loop cannot make the gateway re-list
 * (and re-index) once per notification, nor queue thousands of requests in front of its own calls.
 */
export class CoalescedRefresh {
  private running: Promise<void> | undefined;
  /** Triggers waiting for the next run (0: none queued). */
  private pending = 0;

  /** `run` is told how many triggers it answers for. */
  constructor(private readonly run: (triggers: number) => Promise<void>) {}

  trigger(): void {
    this.pending += 1;
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending > 0) {
        const triggers = this.pending;
        this.pending = 0;
        await this.run(triggers);
      }
    } finally {
      this.running = undefined;
    }
  }
}
