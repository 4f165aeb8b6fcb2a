// The tools a flat exposure of this gateway would list, for the token ledger's comparison.
import { createDirectToolLister } from './direct/direct-tools.js';
import type { Gateway } from './gateway.js';
import type { FlatTool } from './token-ledger.js';

/**
 * A function for TokenLedger's `flatTools`: exactly what a flat session lists (`server__tool` names, every
 * allowed tool of every configured server). Each tool keeps one wire object while the downstream tool
 * object is the same, so the ledger counts it once.
 */
export function flatExposureOf(gateway: Gateway): () => FlatTool[] {
  const list = createDirectToolLister(gateway);
  return () => list('server').tools.map((tool) => tool.wire);
}
