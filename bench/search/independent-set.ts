// The independent evaluation set (bench/search/independent/, frozen): a user's catalog of configured
// servers plus the manifest's other servers uninstalled, and queries with their own dev/held-out split.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROOT } from '../lib.js';
import { loadSnapshotCatalog, type EvalCatalog } from './catalog.js';
import type { EvalQuery } from './evaluate.js';

export const INDEPENDENT_DIR = join(ROOT, 'bench', 'search', 'independent');
export const INDEPENDENT_KINDS = ['direct', 'paraphrase', 'ambiguous', 'typo', 'installed-over-uninstalled'] as const;

const CatalogFile = z.looseObject({
  configured: z.array(z.looseObject({ name: z.string().min(1), package: z.string().min(1) })).min(1),
});
const QueryFile = z.array(
  z.object({
    q: z.string().min(1),
    kind: z.enum(INDEPENDENT_KINDS),
    expect: z.array(z.string().regex(/^[^:]+::.+$/)).min(1),
    split: z.enum(['dev', 'held-out']),
    uninstalled_alt: z.array(z.string()).optional(),
  }),
);

export interface IndependentSet {
  /** Every snapshot server: the configured ones and the uninstalled rest. */
  catalog: EvalCatalog;
  /** Names of the servers the user has configured (installed); every other server is uninstalled. */
  configured: ReadonlySet<string>;
  queries: EvalQuery[];
}

export function loadIndependentSet(dir = INDEPENDENT_DIR): IndependentSet {
  const catalogFile = join(dir, 'catalog.yaml');
  const parsedCatalog = CatalogFile.safeParse(parseYaml(readFileSync(catalogFile, 'utf8')));
  if (!parsedCatalog.success) throw new Error(`${catalogFile}: expected a list of configured servers (${parsedCatalog.error.issues[0]?.message ?? 'invalid'})`);
  const queriesFile = join(dir, 'queries.yaml');
  const parsedQueries = QueryFile.safeParse(parseYaml(readFileSync(queriesFile, 'utf8')));
  if (!parsedQueries.success) {
    const issue = parsedQueries.error.issues[0];
    throw new Error(`${queriesFile}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  const catalog = loadSnapshotCatalog();
  const configured = new Set(parsedCatalog.data.configured.map((entry) => entry.name));
  const missing = [...configured].filter((name) => !catalog.servers.some((server) => server.server === name));
  if (missing.length) throw new Error(`${catalogFile}: configured ${missing.join(', ')} without a snapshot in manifest/tools/`);
  return { catalog, configured, queries: parsedQueries.data.map(({ q, kind, expect, split }) => ({ q, kind, expect, split })) };
}
