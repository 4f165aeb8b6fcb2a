// Compact result cards for catalog search: what a model needs to choose, in as few tokens as possible.
import type { CatalogTool, SearchHit } from '../catalog/tool-index.js';

/** A summary is the description's first sentence, cut to this many characters. */
export const MAX_SUMMARY_CHARS = 160;
/**
 * The top hit's schema is inlined when it scores this much above the runner-up. Measured on
 * bench/search (dev half): 1.5 inlines for about a third of queries and the inlined tool is the one
 * wanted in ~80% of them; 2 inlines half as often at ~95%. A describe turn saved is worth more than a
 * schema sent in vain, so the looser margin stands.
 */
export const CONFIDENT_SCORE_RATIO = 1.5;
/** Parameters listed on a card at most; the rest are behind gateway.describe. */
export const MAX_CARD_ARGS = 8;

export interface SearchCard {
  tool_id: string;
  server: string;
  summary: string;
  online: boolean;
  /** Only on tools of a manifest server that is not installed yet (gateway_provision installs it). */
  installed?: false;
  /** Parameter names, `?` marking optional ones. */
  args?: string;
  input_schema?: Record<string, unknown>;
}

export function toCard(hit: SearchHit & { installed?: boolean }): SearchCard {
  const card: SearchCard = {
    tool_id: hit.toolId,
    server: hit.server,
    summary: summarize(hit.tool),
    online: hit.online,
  };
  if (hit.installed === false) card.installed = false;
  const args = argsOf(hit.tool);
  if (args) card.args = args;
  return card;
}

/** Confident when there is one hit, or the best clearly beats the second. */
export function isConfident(hits: readonly SearchHit[]): boolean {
  const [first, second] = hits;
  if (!first) return false;
  return !second || first.score >= second.score * CONFIDENT_SCORE_RATIO;
}

export function summarize(tool: CatalogTool): string {
  const text = (tool.description ?? tool.title ?? '').replace(/\s+/g, ' ').trim();
  // A sentence ends at . ! or ? followed by a capital or the end, so "e.g. x" does not end it.
  const sentence = /^(.+?[.!?])(\s+[A-Z]|$)/.exec(text)?.[1] ?? text;
  return sentence.length > MAX_SUMMARY_CHARS ? `${sentence.slice(0, MAX_SUMMARY_CHARS - 3)}...` : sentence;
}

function argsOf(tool: CatalogTool): string | undefined {
  const schema = tool.inputSchema;
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return undefined;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  const names = Object.keys(properties);
  if (!names.length) return undefined;
  const listed = names.slice(0, MAX_CARD_ARGS).map((name) => (required.has(name) ? name : `${name}?`));
  return listed.join(', ') + (names.length > MAX_CARD_ARGS ? ', ...' : '');
}

/** Servers among the top hits past which an unclear answer counts as scattered. */
const SCATTERED_SERVERS = 3;
const SCATTER_WINDOW = 5;

/**
 * The best match is weak when nothing matched, when the best hit is of a server not installed (nothing
 * configured matched well), or when no hit stands out and the top ones come from many servers.
 */
export function isWeak(hits: readonly (SearchHit & { installed?: boolean })[]): boolean {
  const [first] = hits;
  if (!first || first.installed === false) return true;
  if (isConfident(hits)) return false;
  return new Set(hits.slice(0, SCATTER_WINDOW).map((hit) => hit.server)).size >= SCATTERED_SERVERS;
}
