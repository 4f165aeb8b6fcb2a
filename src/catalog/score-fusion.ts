// Fuses lexical scores (sparse, over matched slots) with semantic cosines (dense, over every slot).

export interface FusionOptions {
  /** Weight of the cosine against lexical / best lexical (which is at most 1). */
  weight: number;
  /** A tool that matches no query word is a hit only from this cosine up: a vague likeness is no answer. */
  semanticOnlyFrom: number;
}

/**
 * Into `out` (one entry per slot): `lexical / best lexical + weight * max(0, cosine)`. Dividing by the
 * best lexical score puts both on one scale whatever the catalog's size; a negative cosine says only
 * "unrelated", which 0 already says.
 */
export function fuseScores(
  lexicalSlots: Int32Array,
  lexicalScores: Float64Array,
  cosines: Float64Array,
  options: FusionOptions,
  slotCount: number,
  out: Float64Array,
): void {
  const { weight, semanticOnlyFrom } = options;
  let best = 0;
  for (let i = 0; i < lexicalScores.length; i++) best = Math.max(best, lexicalScores[i] as number);
  for (let slot = 0; slot < slotCount; slot++) {
    const cosine = cosines[slot] as number;
    out[slot] = cosine >= semanticOnlyFrom ? weight * cosine : 0;
  }
  for (let i = 0; i < lexicalSlots.length; i++) {
    const slot = lexicalSlots[i] as number;
    const lexical = best > 0 ? (lexicalScores[i] as number) / best : 0;
    out[slot] = lexical + weight * Math.max(0, cosines[slot] as number);
  }
}
