// CI guard for the independent search set (bench/search/independent/, frozen; issue 15 deliverable 7):
// the catalog as users have it, configured servers installed and the manifest's rest uninstalled.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateIndependent, type IndependentResult } from '../../bench/search-independent.js';
import { loadIndependentSet } from '../../bench/search/independent-set.js';

/** Recorded with the shipped search path (`npm run bench:search`); a drop past ALLOWED_DROP fails. */
const RECORDED = { recallAt5: 0.772, devRecallAt5: 0.792, heldOutRecallAt5: 0.751, installedFirst: 0.79 } as const;
const ALLOWED_DROP = 0.02;

describe('independent search set (installed and uninstalled servers)', () => {
  let shipped: IndependentResult | undefined;
  beforeAll(() => {
    // Indexing 2,350 tools and running 351 queries per engine: seconds, more on a loaded machine.
    shipped = evaluateIndependent(loadIndependentSet()).at(-1);
  }, 120_000);

  it('keeps recall@5 of the shipped search path within 0.02 of the recorded figure, overall and per split', () => {
    expect(shipped?.name).toContain('shipped');
    expect(shipped?.result.all.recallAt5).toBeGreaterThanOrEqual(RECORDED.recallAt5 - ALLOWED_DROP);
    expect(shipped?.result.dev.recallAt5).toBeGreaterThanOrEqual(RECORDED.devRecallAt5 - ALLOWED_DROP);
    expect(shipped?.result.heldOut.recallAt5).toBeGreaterThanOrEqual(RECORDED.heldOutRecallAt5 - ALLOWED_DROP);
  });

  it('ranks no uninstalled tool above the expected installed one in at least the recorded share of queries', () => {
    // Target 100% (issue 15); 0.797 is what installed-first with the word-vector layer reaches: the rest
    // are mostly paraphrases the configured tool is not found for at all.
    expect(shipped?.installedFirst.n).toBe(143);
    expect(shipped?.installedFirst.share).toBeGreaterThanOrEqual(RECORDED.installedFirst);
  });
});
