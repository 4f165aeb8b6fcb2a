// The seam of the semantic layer: what turns a tool or a query into one unit vector.
import type { CatalogTool, ServerFacts } from './tool-document.js';

/** What a tool's vector is made from. */
export interface ToolText {
  server: string;
  tool: CatalogTool;
  /** The server's facts, manifest context included. */
  facts: ServerFacts;
}

export interface TextEmbedder {
  readonly dims: number;
  /** A unit vector, or undefined when nothing of the tool is known to the embedder. */
  embedTool(text: ToolText): Float32Array | undefined;
  /** A unit vector, or undefined when no word of the query is known to the embedder. */
  embedQuery(query: string): Float32Array | undefined;
}

/** Scales `vector` to length 1 in place; undefined for the zero vector. */
export function normalizeVector(vector: Float32Array): Float32Array | undefined {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2;
  if (!(sum > 0)) return undefined;
  const inverse = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * inverse;
  return vector;
}
