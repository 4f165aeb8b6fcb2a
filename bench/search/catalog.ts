// The evaluation catalog: the manifest's shipped tool snapshot (manifest/tools/<server>.json), with each
// server's category and keywords from manifest/servers.yaml when that file has them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CatalogTool, ServerFacts } from '../../src/catalog/tool-index.js';
import { ROOT } from '../lib.js';

export const SNAPSHOT_DIR = join(ROOT, 'manifest', 'tools');
export const MANIFEST_FILE = join(ROOT, 'manifest', 'servers.yaml');

const SnapshotTool = z.looseObject({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});
const SnapshotFile = z.looseObject({ server: z.string().min(1), tools: z.array(SnapshotTool) });

// Only the fields search uses; the manifest's own schema (src/manifest) is the authority on the rest.
const ManifestServer = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  category: z.string().optional(),
  keywords: z.array(z.string()).optional(),
});
const ManifestFile = z.looseObject({ servers: z.array(ManifestServer) });

export interface CatalogServer {
  server: string;
  tools: CatalogTool[];
  facts: ServerFacts;
}

export interface EvalCatalog {
  servers: CatalogServer[];
  toolIds: Set<string>;
  /** Each tool's name, title and description, for checking that a paraphrase shares no word with it. */
  toolText: Map<string, string>;
  /** Where it came from, for the report. */
  source: string;
}

export function loadSnapshotCatalog(dir = SNAPSHOT_DIR, manifestFile = MANIFEST_FILE): EvalCatalog {
  if (!existsSync(dir)) throw new Error(`no tool snapshot at ${dir}: the search evaluation runs over manifest/tools/*.json`);
  const facts = readManifestFacts(manifestFile);
  const servers: CatalogServer[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    const path = join(dir, file);
    const parsed = SnapshotFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path}: not a tool snapshot (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    const tools = parsed.data.tools.map((tool) => tool as CatalogTool);
    servers.push({ server: parsed.data.server, tools, facts: facts.get(parsed.data.server) ?? {} });
  }
  if (!servers.length) throw new Error(`${dir} holds no <server>.json snapshot`);
  const toolText = new Map(servers.flatMap(({ server, tools }) => tools.map((tool) => [`${server}::${tool.name}`, [tool.name, tool.title, tool.description].join(' ')] as const)));
  const toolIds = new Set(toolText.keys());
  return { servers, toolIds, toolText, source: `${servers.length} servers, ${toolIds.size} tools from manifest/tools/` };
}

function readManifestFacts(file: string): Map<string, ServerFacts> {
  const facts = new Map<string, ServerFacts>();
  if (!existsSync(file)) return facts;
  const parsed = ManifestFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) return facts;
  for (const entry of parsed.data.servers) {
    const fact: ServerFacts = {};
    if (entry.description) fact.description = entry.description;
    if (entry.category) fact.category = entry.category;
    if (entry.keywords) fact.keywords = entry.keywords;
    facts.set(entry.name, fact);
  }
  return facts;
}
