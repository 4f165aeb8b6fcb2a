// The index's semantic layer: made at the first search, it keeps a vector per tool and ranks every slot
// by its lexical and semantic scores fused.
import { fuseScores, type FusionOptions } from './score-fusion.js';
import type { TextEmbedder, ToolText } from './text-embedder.js';
import { ToolVectors } from './tool-vectors.js';
import { WordEmbedder } from './word-embedder.js';
import { shippedWordVectors } from './word-vector-file.js';

export interface ToolIndexOptions {
  /**
   * Makes the semantic layer's embedder, called once at the first search (not at startup: the shipped
   * table costs ~7 MB). Default: the shipped word vectors; undefined from it: lexical search only.
   */
  createEmbedder?: () => TextEmbedder | undefined;
}

/** A ranking over slots: parallel arrays as the lexical scorer gives them. */
export interface SlotScores {
  slots: Int32Array;
  scores: Float64Array;
}

export class SemanticLayer {
  /** undefined until the first search; null when the layer is off or has no embedder. */
  private vectors: ToolVectors | null | undefined;
  // Buffers of the fused ranking, one entry per slot, reused by every query.
  private cosines = new Float64Array(0);
  private fused = new Float64Array(0);
  private slotOrder = new Int32Array(0);

  constructor(
    private readonly createEmbedder: () => TextEmbedder | undefined,
    private readonly fusion: FusionOptions,
  ) {
    if (!(fusion.weight > 0)) this.vectors = null;
  }

  /** Embeds one tool, once the layer is loaded (load() embeds the ones indexed before). */
  set(slot: number, text: ToolText): void {
    this.vectors?.set(slot, text);
  }

  clear(slot: number): void {
    this.vectors?.clear(slot);
  }

  reset(): void {
    this.vectors?.reset();
  }

  /** Makes the embedder on the first call and embeds every tool indexed so far; false when off. */
  load(indexed: () => Iterable<[slot: number, text: ToolText]>): boolean {
    if (this.vectors === undefined) {
      const embedder = this.createEmbedder();
      this.vectors = embedder ? new ToolVectors(embedder) : null;
      if (this.vectors) for (const [slot, text] of indexed()) this.vectors.set(slot, text);
    }
    return this.vectors !== null;
  }

  /** Every slot scored by lexical and semantic fused; undefined when the query has no vector. */
  rank(query: string, lexical: SlotScores, slotCount: number): SlotScores | undefined {
    if (!this.vectors) return undefined;
    if (this.cosines.length < slotCount) {
      this.cosines = new Float64Array(slotCount * 2);
      this.fused = new Float64Array(slotCount * 2);
      this.slotOrder = Int32Array.from({ length: slotCount * 2 }, (_, i) => i);
    }
    if (!this.vectors.cosines(query, slotCount, this.cosines)) return undefined;
    fuseScores(lexical.slots, lexical.scores, this.cosines, this.fusion, slotCount, this.fused);
    return { slots: this.slotOrder.subarray(0, slotCount), scores: this.fused.subarray(0, slotCount) };
  }
}

/** The shipped word vectors, or undefined (lexical search only) when the package has no table. */
export function createShippedEmbedder(): TextEmbedder | undefined {
  const table = shippedWordVectors();
  return table ? new WordEmbedder(table) : undefined;
}
