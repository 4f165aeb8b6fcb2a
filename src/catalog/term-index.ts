// An inverted index with BM25 field scoring: a hash map finds exact terms and MiniSearch's radix tree
// finds prefixes; scores add up in typed arrays, so a query costs time in proportion to the postings it touches.
import SearchableMap from 'minisearch/SearchableMap';
import type { QueryPlan } from './query-plan.js';

/** How a query term may reach an indexed term besides exactly (typos are the planner's job). */
export interface TermMatching {
  /** Prefix matches for query terms of at least this many characters (0 = none). */
  prefixFrom: number;
  /** Weight of a prefix match relative to an exact one (further scaled by how much of the word it covers). */
  prefixWeight: number;
}

/** Every matched live slot, in parallel typed arrays (no object per candidate: a query may touch 20k). */
export interface ScoredSlots {
  slots: Int32Array;
  scores: Float64Array;
  /** Bit i set: the document matched group i of the plan. */
  groups: Uint32Array;
}

/** Postings of one term: parallel arrays of (document slot, field, term frequency). */
interface Postings {
  slots: number[];
  fields: number[];
  counts: number[];
  /** Per live document, its fields' boosted BM25 sum, computed on first use after the index changed. */
  impacts?: Impacts;
}

interface Impacts {
  generation: number;
  idf: number;
  slots: Int32Array;
  values: Float64Array;
}

const EXACT_ONLY: TermMatching = { prefixFrom: 0, prefixWeight: 0 };

/** BM25+ parameters (MiniSearch's defaults). */
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;

export class TermIndex {
  /** Exact lookups, the hot path of indexing: a hash map is several times faster than the tree. */
  private readonly dictionary = new Map<string, Postings>();
  /** The same postings by prefix; a term enters once, when first seen. */
  private readonly prefixes = new SearchableMap<Postings>();
  /** Per field, each slot's length in terms. */
  private readonly lengths: number[][];
  private readonly totals: number[];
  private readonly live: boolean[] = [];
  private liveCount = 0;
  /** Bumped by every add and remove: cached impacts of an older generation are stale. */
  private generation = 0;
  // Score buffers, reused by every query (queries run one at a time, synchronously).
  private unit = new Float64Array(0);
  private group = new Float64Array(0);
  private total = new Float64Array(0);
  private masks = new Uint32Array(0);

  /**
   * @param boosts per field, in the order of the fields given to add()
   * @param absentWordWeight weight of a group's other wordings when its own word is in no tool
   * @param dampHubs scale BM25+'s floor by (average length / field length) for fields longer than average
   */
  constructor(
    private readonly boosts: readonly number[],
    private readonly absentWordWeight = 1,
    private readonly dampHubs = true,
  ) {
    this.lengths = boosts.map(() => []);
    this.totals = boosts.map(() => 0);
  }

  /** Slots ever used, live or not. */
  get slotCount(): number {
    return this.live.length;
  }

  get deadCount(): number {
    return this.live.length - this.liveCount;
  }

  /** Adds one document, given as processed terms per field; returns its slot. */
  add(fields: readonly (readonly string[])[]): number {
    const slot = this.live.length;
    this.generation++;
    this.live.push(true);
    this.liveCount++;
    fields.forEach((terms, field) => {
      this.lengths[field]?.push(terms.length);
      this.totals[field] = (this.totals[field] ?? 0) + terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        let postings = this.dictionary.get(term);
        if (!postings) {
          postings = { slots: [], fields: [], counts: [] };
          this.dictionary.set(term, postings);
          this.prefixes.set(term, postings);
        }
        postings.slots.push(slot);
        postings.fields.push(field);
        postings.counts.push(count);
      }
    });
    return slot;
  }

  /** Marks a slot dead; its postings stay until the owner rebuilds the index (see ToolIndex). */
  remove(slot: number): void {
    if (!this.live[slot]) return;
    this.live[slot] = false;
    this.liveCount--;
    this.generation++;
    this.lengths.forEach((lengths, field) => (this.totals[field] = (this.totals[field] ?? 0) - (lengths[slot] ?? 0)));
  }

  has(term: string): boolean {
    return this.dictionary.has(term);
  }

  /** Every live slot that matches at least one term, with its summed score (unsorted). */
  score(plan: QueryPlan, matching: TermMatching): ScoredSlots {
    this.ensureBuffers();
    const totalTouched: number[] = [];
    plan.groups.forEach((planned, groupIndex) => {
      const groupTouched: number[] = [];
      let ownMatched = false;
      for (const unit of planned.units) {
        const unitTouched: number[] = [];
        // When no tool has the query's own word, its synonyms and corrections are all there is to go on:
        // they count in full rather than as second choices.
        const weight = unit.own || ownMatched ? unit.weight : Math.max(unit.weight, this.absentWordWeight);
        // Only the query's own words get prefix matches: a synonym or a correction is already a guess.
        for (const term of unit.terms) this.accumulate(term, weight, unit.own ? matching : EXACT_ONLY, unitTouched);
        if (unit.own && unitTouched.length) ownMatched = true;
        // A group scores its best wording, so five synonyms of one word do not outweigh another word.
        for (const slot of unitTouched) {
          if (this.group[slot] === 0) groupTouched.push(slot);
          this.group[slot] = Math.max(this.group[slot] as number, this.unit[slot] as number);
          this.unit[slot] = 0;
        }
      }
      const bit = 2 ** groupIndex;
      for (const slot of groupTouched) {
        if (this.total[slot] === 0) totalTouched.push(slot);
        this.total[slot] = (this.total[slot] as number) + (this.group[slot] as number);
        this.masks[slot] = ((this.masks[slot] as number) | bit) >>> 0;
        this.group[slot] = 0;
      }
    });
    const scored: ScoredSlots = {
      slots: Int32Array.from(totalTouched),
      scores: new Float64Array(totalTouched.length),
      groups: new Uint32Array(totalTouched.length),
    };
    totalTouched.forEach((slot, i) => {
      scored.scores[i] = this.total[slot] as number;
      scored.groups[i] = this.masks[slot] as number;
      this.total[slot] = 0;
      this.masks[slot] = 0;
    });
    return scored;
  }

  /** Adds one query term's BM25 contribution (exact and prefix matches) to the unit buffer. */
  private accumulate(term: string, weight: number, matching: TermMatching, touched: number[]): void {
    const exact = this.dictionary.get(term);
    if (exact) this.addPostings(exact, weight, touched);
    if (matching.prefixFrom > 0 && term.length >= matching.prefixFrom) {
      for (const [key, postings] of this.prefixes.atPrefix(term)) {
        if (key !== term)
          this.addPostings(postings, weight * matching.prefixWeight * (term.length / key.length), touched);
      }
    }
  }

  private addPostings(postings: Postings, weight: number, touched: number[]): void {
    const impacts = this.impactsOf(postings);
    const factor = weight * impacts.idf;
    const { slots, values } = impacts;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      if (this.unit[slot] === 0) touched.push(slot);
      this.unit[slot] = (this.unit[slot] as number) + factor * (values[i] as number);
    }
  }

  /** BM25+ per live document, fields boosted and summed; cached until the index changes. */
  private impactsOf(postings: Postings): Impacts {
    if (postings.impacts?.generation === this.generation) return postings.impacts;
    const n = this.liveCount;
    const averages = this.totals.map((total) => total / Math.max(1, n) || 1);
    const slots: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < postings.slots.length; i++) {
      const slot = postings.slots[i] as number;
      if (!this.live[slot]) continue;
      const field = postings.fields[i] as number;
      const count = postings.counts[i] as number;
      const length = this.lengths[field]?.[slot] ?? 0;
      const average = averages[field] as number;
      // BM25+'s floor lets a long field match every query word at a fixed price: a 34 KB description
      // then sits near the top of everything. Only a field of average length or shorter gets it in full.
      const floor = this.dampHubs ? DELTA * Math.min(1, average / Math.max(1, length)) : DELTA;
      const tf = (count * (K1 + 1)) / (count + K1 * (1 - B + (B * length) / average)) + floor;
      const value = tf * (this.boosts[field] as number);
      // Only positive amounts, so "is 0" keeps meaning "not touched yet" in every score buffer.
      if (!(value > 0)) continue;
      // A document's postings for one term are contiguous (all its fields are added at once).
      if (slots[slots.length - 1] === slot) values[values.length - 1] = (values[values.length - 1] as number) + value;
      else {
        slots.push(slot);
        values.push(value);
      }
    }
    const docs = slots.length;
    const idf = Math.log(1 + (n - docs + 0.5) / (docs + 0.5));
    postings.impacts = {
      generation: this.generation,
      idf,
      slots: Int32Array.from(slots),
      values: Float64Array.from(values),
    };
    return postings.impacts;
  }

  private ensureBuffers(): void {
    if (this.unit.length >= this.live.length) return;
    const size = Math.max(64, this.live.length * 2);
    this.unit = new Float64Array(size);
    this.group = new Float64Array(size);
    this.total = new Float64Array(size);
    this.masks = new Uint32Array(size);
  }
}
