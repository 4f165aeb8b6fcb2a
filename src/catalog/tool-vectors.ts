// One unit vector per index slot, stored densely, and the cosine of a query against every live one.
import type { TextEmbedder, ToolText } from './text-embedder.js';

export class ToolVectors {
  private values = new Float32Array(0);
  /** 1: the slot has a vector; 0: none (dead, not embedded yet, or no known word). */
  private present = new Uint8Array(0);
  private capacity = 0;

  constructor(readonly embedder: TextEmbedder) {}

  /** Embeds the tool in `slot` (replacing what was there). */
  set(slot: number, text: ToolText): void {
    this.ensure(slot + 1);
    const vector = this.embedder.embedTool(text);
    this.present[slot] = vector ? 1 : 0;
    if (vector) this.values.set(vector, slot * this.embedder.dims);
  }

  clear(slot: number): void {
    if (slot < this.capacity) this.present[slot] = 0;
  }

  /** Forgets every slot (the index re-numbers them on a rebuild). */
  reset(): void {
    this.present.fill(0);
  }

  /**
   * Cosine of the query's vector with each of the first `slots` slots' vectors into `out` (0 where a slot
   * has none); false when the query has no vector (no word the embedder knows).
   */
  cosines(query: string, slots: number, out: Float64Array): boolean {
    const q = this.embedder.embedQuery(query);
    if (!q) return false;
    const dims = this.embedder.dims;
    const values = this.values;
    for (let slot = 0; slot < slots; slot++) {
      if (slot >= this.capacity || this.present[slot] === 0) {
        out[slot] = 0;
        continue;
      }
      let sum = 0;
      for (let d = 0, at = slot * dims; d < dims; d++, at++) sum += (q[d] as number) * (values[at] as number);
      out[slot] = sum;
    }
    return true;
  }

  /** Bytes held by the tool vectors. */
  get byteSize(): number {
    return this.values.byteLength + this.present.byteLength;
  }

  private ensure(size: number): void {
    if (size <= this.capacity) return;
    const capacity = Math.max(64, size, this.capacity * 2);
    const values = new Float32Array(capacity * this.embedder.dims);
    values.set(this.values);
    const present = new Uint8Array(capacity);
    present.set(this.present);
    this.values = values;
    this.present = present;
    this.capacity = capacity;
  }
}
