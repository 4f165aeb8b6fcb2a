// A DiscoveredConfig holding only the given servers: no disabled entries, skips, problems or files.
import type { DiscoveredConfig, ServerEntry } from '../../src/config/server-entry.js';

export function configOf(entries: Iterable<[string, ServerEntry]>): DiscoveredConfig {
  return { servers: new Map(entries), disabled: [], skipped: [], problems: [], files: [] };
}
