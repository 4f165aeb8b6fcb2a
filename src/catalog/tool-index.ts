// The search index over every known tool (running, configured-but-offline), kept current per server.
import MiniSearch from 'minisearch';
import { processTerm, tokenize } from './tokenize.js';

export interface CatalogTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface ServerFacts {
  description?: string;
}

export interface IndexedTool {
  toolId: string;
  server: string;
  tool: CatalogTool;
}

export interface SearchHit extends IndexedTool {
  score: number;
  online: boolean;
}

export interface IndexSearchOptions {
  limit: number;
  server?: string;
  includeOffline: boolean;
  /** Whether the server is connected right now (the pool knows; the index does not keep it). */
  isOnline: (server: string) => boolean;
  /** Policy visibility: a tool for which this returns false never appears. */
  isVisible: (server: string, tool: string) => boolean;
}

/** Field weights: a word in the tool's name says more than one deep in a parameter description. */
export const FIELD_BOOSTS = { name: 3, title: 2, server: 1.5, description: 1, params: 0.5 } as const;

interface IndexDocument {
  id: string;
  server: string;
  name: string;
  title: string;
  description: string;
  params: string;
}

export const TOOL_ID_SEPARATOR = '::';

export function toolIdOf(server: string, tool: string): string {
  return `${server}${TOOL_ID_SEPARATOR}${tool}`;
}

export class ToolIndex {
  private readonly search = new MiniSearch<IndexDocument>({
    fields: ['name', 'title', 'description', 'params', 'server'],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: {
      boost: FIELD_BOOSTS,
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      combineWith: 'OR',
    },
  });
  private readonly tools = new Map<string, IndexedTool>();
  private readonly byServer = new Map<string, Set<string>>();

  /** Replaces every tool of one server (a connect, a list_changed, or a cache load). */
  replaceServer(server: string, tools: readonly CatalogTool[], facts: ServerFacts): void {
    this.removeServer(server);
    const ids = new Set<string>();
    for (const tool of tools) {
      const toolId = toolIdOf(server, tool.name);
      if (ids.has(toolId)) continue;
      ids.add(toolId);
      this.tools.set(toolId, { toolId, server, tool });
      this.search.add(toDocument(toolId, server, tool, facts.description));
    }
    this.byServer.set(server, ids);
  }

  removeServer(server: string): void {
    const ids = this.byServer.get(server);
    if (ids) for (const id of ids) {
      this.search.discard(id);
      this.tools.delete(id);
    }
    this.byServer.delete(server);
  }

  hasServer(server: string): boolean {
    return this.byServer.has(server);
  }

  servers(): string[] {
    return [...this.byServer.keys()];
  }

  get(toolId: string): IndexedTool | undefined {
    return this.tools.get(toolId);
  }

  get size(): number {
    return this.tools.size;
  }

  query(text: string, options: IndexSearchOptions): SearchHit[] {
    const hits: SearchHit[] = [];
    const results = this.search.search(text, {
      filter: (result) => {
        const entry = this.tools.get(result.id as string);
        if (!entry) return false;
        if (options.server !== undefined && entry.server !== options.server) return false;
        if (!options.includeOffline && !options.isOnline(entry.server)) return false;
        return options.isVisible(entry.server, entry.tool.name);
      },
    });
    for (const result of results) {
      const entry = this.tools.get(result.id as string);
      if (!entry) continue;
      hits.push({ ...entry, score: result.score, online: options.isOnline(entry.server) });
      if (hits.length >= options.limit) break;
    }
    return hits;
  }

  /** Every visible tool of the index, for listing when the query is empty. */
  all(options: Omit<IndexSearchOptions, 'limit'>): IndexedTool[] {
    return [...this.tools.values()].filter(
      (entry) =>
        (options.server === undefined || entry.server === options.server) &&
        (options.includeOffline || options.isOnline(entry.server)) &&
        options.isVisible(entry.server, entry.tool.name),
    );
  }
}

function toDocument(id: string, server: string, tool: CatalogTool, serverDescription: string | undefined): IndexDocument {
  return {
    id,
    server: serverDescription ? `${server} ${serverDescription}` : server,
    name: tool.name,
    title: tool.title ?? '',
    description: tool.description ?? '',
    params: describeParams(tool.inputSchema),
  };
}

/** Parameter names and their descriptions, one level deep: enough to match "by city" or "with labels". */
function describeParams(schema: Record<string, unknown> | undefined): string {
  const properties = schema?.properties;
  if (typeof properties !== 'object' || properties === null) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(properties as Record<string, unknown>)) {
    parts.push(name);
    const description = (value as { description?: unknown } | null)?.description;
    if (typeof description === 'string') parts.push(description);
  }
  return parts.join(' ');
}
