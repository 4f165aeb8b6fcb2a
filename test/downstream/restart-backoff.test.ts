// Bounded exponential backoff between restarts.
import { describe, expect, it } from 'vitest';
import { RestartBackoff } from '../../src/downstream/restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles the delay with each failure in a row up to the maximum', () => {
    const backoff = new RestartBackoff({ baseMs: 100, maxMs: 1_000 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      backoff.recordFailure(10_000);
      delays.push(backoff.remainingMs(10_000));
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoff.consecutiveFailures).toBe(6);
  });

  it('starts counting afresh after the server stayed up long enough', () => {
    const backoff = new RestartBackoff({ baseMs: 100, stableUptimeMs: 5_000 });
    backoff.recordFailure(0);
    backoff.recordFailure(1_000, 500);
    expect(backoff.consecutiveFailures).toBe(2);
    backoff.recordFailure(20_000, 10_000);
    expect(backoff.consecutiveFailures).toBe(1);
    expect(backoff.remainingMs(20_000)).toBe(100);
  });

  it('allows a start at once after a deliberate stop', () => {
    const backoff = new RestartBackoff();
    backoff.recordFailure(0);
    backoff.reset();
    expect(backoff.remainingMs(0)).toBe(0);
    expect(backoff.consecutiveFailures).toBe(0);
  });
});
