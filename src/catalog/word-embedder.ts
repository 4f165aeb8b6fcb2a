// Embeds tools and queries as weighted means of pre-trained word vectors (the shipped table).
import type { FieldBoosts } from './search-tuning.js';
import { normalizeVector, type TextEmbedder, type ToolText } from './text-embedder.js';
import { QUERY_STOP_WORDS, STOP_WORDS, tokenize } from './tokenize.js';
import type { WordVectorTable } from './word-vector-table.js';

/** How much each part of a tool counts in its vector: the lexical fields, weighted anew. */
export type EmbeddingFieldWeights = FieldBoosts;

export const DEFAULT_EMBEDDING_FIELD_WEIGHTS: EmbeddingFieldWeights = {
  name: 3,
  title: 2,
  description: 1,
  params: 0.3,
  server: 0.5,
  context: 0.3,
};

/** Only the start of a description says what the tool is for; the rest is usage detail. */
export const DESCRIPTION_WORDS = 30;
/**
 * The source's words are in frequency order; by Zipf's law a word of rank r has probability about
 * 1 / (r * ZIPF_NORM), so log((r + 1) * ZIPF_NORM) stands in for its inverse document frequency.
 */
const ZIPF_NORM = 13;

export class WordEmbedder implements TextEmbedder {
  readonly dims: number;
  /** Word weights by table row, computed once. */
  private readonly weights: Float32Array;

  constructor(
    private readonly table: WordVectorTable,
    private readonly fields: EmbeddingFieldWeights = DEFAULT_EMBEDDING_FIELD_WEIGHTS,
  ) {
    this.dims = table.dims;
    this.weights = new Float32Array(table.count);
    for (let i = 0; i < table.count; i++) this.weights[i] = Math.log((table.rankOf(i) + 1) * ZIPF_NORM);
  }

  embedTool({ server, tool, facts }: ToolText): Float32Array | undefined {
    const vector = new Float32Array(this.dims);
    this.add(vector, tool.name, this.fields.name, STOP_WORDS);
    if (tool.title) this.add(vector, tool.title, this.fields.title, STOP_WORDS);
    if (tool.description) this.add(vector, tool.description, this.fields.description, STOP_WORDS, DESCRIPTION_WORDS);
    const properties = tool.inputSchema?.properties;
    if (typeof properties === 'object' && properties !== null)
      this.add(vector, Object.keys(properties).join(' '), this.fields.params, STOP_WORDS);
    this.add(vector, server, this.fields.server, STOP_WORDS);
    const context = [facts.description, facts.category, ...(facts.keywords ?? [])].filter(Boolean).join(' ');
    if (context) this.add(vector, context, this.fields.context, STOP_WORDS);
    return normalizeVector(vector);
  }

  embedQuery(query: string): Float32Array | undefined {
    const vector = new Float32Array(this.dims);
    this.add(vector, query, 1, QUERY_STOP_WORDS);
    return normalizeVector(vector);
  }

  private add(
    into: Float32Array,
    text: string,
    weight: number,
    stopWords: ReadonlySet<string>,
    maxWords = Infinity,
  ): void {
    let taken = 0;
    for (const word of tokenize(text)) {
      if (taken >= maxWords) break;
      if (stopWords.has(word)) continue;
      taken++;
      const row = this.table.indexOf(word);
      if (row >= 0) this.table.addTo(into, row, weight * (this.weights[row] as number));
    }
  }
}
