// RateLimiter: token buckets per key that refill continuously, driven by an injected clock.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/gates/rate-limiter.js';

describe('RateLimiter', () => {
  it('allows perMinute calls at once and refuses the next', () => {
    const limiter = new RateLimiter(() => 0);
    expect([1, 2, 3].map(() => limiter.take([['k', 3]]) === 'allowed')).toEqual([true, true, true]);
    expect(limiter.take([['k', 3]]) === 'allowed').toBe(false);
  });

  it('treats a limit of 0 as no limit', () => {
    const limiter = new RateLimiter(() => 0);
    for (let i = 0; i < 1000; i++) expect(limiter.take([['k', 0]]) === 'allowed').toBe(true);
  });

  it('refills one call every 60/perMinute seconds and never beyond perMinute', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 6; i++) limiter.take([['k', 6]]);
    expect(limiter.take([['k', 6]]) === 'allowed').toBe(false);
    now += 9_999;
    expect(limiter.take([['k', 6]]) === 'allowed').toBe(false);
    now += 1;
    expect(limiter.take([['k', 6]]) === 'allowed').toBe(true);
    expect(limiter.take([['k', 6]]) === 'allowed').toBe(false);
    // A long idle time fills the bucket only up to the limit.
    now += 10 * 60_000;
    expect([1, 2, 3, 4, 5, 6, 7].map(() => limiter.take([['k', 6]]) === 'allowed')).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('does not count a refused call against the allowance', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    limiter.take([['k', 1]]);
    for (let i = 0; i < 50; i++) expect(limiter.take([['k', 1]]) === 'allowed').toBe(false);
    now += 60_000;
    expect(limiter.take([['k', 1]]) === 'allowed').toBe(true);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take([['a', 1]]) === 'allowed').toBe(true);
    expect(limiter.take([['a', 1]]) === 'allowed').toBe(false);
    expect(limiter.take([['b', 1]]) === 'allowed').toBe(true);
  });

  it('says how many seconds until the next call is allowed, at least 1, and 0 for an unknown key or no limit', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect(limiter.retryAfterSeconds('k', 2)).toBe(0);
    limiter.take([['k', 2]]);
    limiter.take([['k', 2]]);
    limiter.take([['k', 2]]);
    expect(limiter.retryAfterSeconds('k', 2)).toBe(30);
    expect(limiter.retryAfterSeconds('k', 0)).toBe(0);
    now += 29_500;
    limiter.take([['k', 2]]);
    expect(limiter.retryAfterSeconds('k', 2)).toBe(1);
  });

  it('cuts the remaining allowance to a lowered limit from the next call', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take([['k', 10]]) === 'allowed').toBe(true);
    expect([1, 2, 3].map(() => limiter.take([['k', 2]]) === 'allowed')).toEqual([true, true, false]);
  });

  it('takes from every key or from none: a call refused by one limit spends nothing of the other', () => {
    const limiter = new RateLimiter(() => 0);
    expect(
      limiter.take([
        ['session', 3],
        ['tool-a', 1],
      ]) === 'allowed',
    ).toBe(true);
    expect(
      limiter.take([
        ['session', 3],
        ['tool-a', 1],
      ]) === 'allowed',
    ).toBe(false);
    expect(
      limiter.take([
        ['session', 3],
        ['tool-a', 1],
      ]) === 'allowed',
    ).toBe(false);
    // Only one call went through, so the session still has two.
    expect(
      limiter.take([
        ['session', 3],
        ['tool-b', 1],
      ]) === 'allowed',
    ).toBe(true);
    expect(
      limiter.take([
        ['session', 3],
        ['tool-c', 1],
      ]) === 'allowed',
    ).toBe(true);
    expect(
      limiter.take([
        ['session', 3],
        ['tool-d', 1],
      ]) === 'allowed',
    ).toBe(false);
  });

  it('never forgets a busy bucket to make room: a new key is refused instead, and idle buckets make room', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    // Drain one key, then fill the table with busy keys.
    expect(limiter.take([['victim', 1]])).toBe('allowed');
    for (let i = 0; i < 9_999; i++) limiter.take([[`junk-${i}`, 1]]);
    expect(limiter.take([['one-more', 1]])).toBe('full');
    // The drained key stays drained: flooding new names does not hand its allowance back.
    expect(limiter.take([['victim', 1]])).toBe('limited');
    now += 60_000;
    expect(limiter.take([['one-more', 1]])).toBe('allowed');
  });

  it('makes no bucket for a key of a refused call', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take([['session', 1]])).toBe('allowed');
    expect(
      limiter.take([
        ['session', 1],
        ['tool-x', 5],
      ]),
    ).toBe('limited');
    expect(limiter.retryAfterSeconds('tool-x', 5)).toBe(0);
  });
});
