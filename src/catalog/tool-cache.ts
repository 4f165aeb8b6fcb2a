// The last known tool list of each server, on disk, so offline servers are searchable.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-write.js';
import { parseJsonWith } from '../storage/parse-json-with.js';
import type { CatalogTool } from './tool-index.js';

export const TOOL_CACHE_VERSION = 1;
/** Hex characters of the source's sha256 in a cache file name: enough to keep config files apart. */
const SOURCE_KEY_CHARS = 16;
export const TOOL_CACHE_FILE_MODE = 0o600;
export const TOOL_CACHE_DIR_MODE = 0o700;

export interface CachedToolList {
  version: number;
  server: string;
  /** The config file of the entry whose tools these are: a same-name entry of another file never sees them. */
  source?: string;
  savedAt: string;
  tools: CatalogTool[];
}

const JsonObjectSchema = z.record(z.string(), z.unknown());

/** The file as written by `write`; loose, so that fields a newer gateway adds survive. */
const CachedToolListSchema = z.looseObject({
  version: z.literal(TOOL_CACHE_VERSION),
  server: z.string(),
  source: z.string().optional(),
  savedAt: z.string(),
  tools: z.array(
    z.looseObject({
      name: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
      inputSchema: JsonObjectSchema.optional(),
      annotations: JsonObjectSchema.optional(),
    }),
  ),
});

/**
 * The seam: a directory of JSON files in production, a Map in tests. A list is kept per server name and
 * `source` (the entry's config file), so that a project's same-name entry cannot leave its tools, names and
 * descriptions behind for the user's own server once the project is gone or no longer trusted.
 */
export interface ToolCacheStore {
  read(server: string, source?: string): Promise<CachedToolList | undefined>;
  write(server: string, tools: readonly CatalogTool[], source?: string): Promise<void>;
}

export class DirectoryToolCache implements ToolCacheStore {
  constructor(private readonly dir: string) {}

  async read(server: string, source?: string): Promise<CachedToolList | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(server, source), 'utf8');
    } catch {
      return undefined;
    }
    // A cache from another version or a damaged file (down to one bad tool) is ignored; it is rewritten on next connect.
    const cached = parseJsonWith(CachedToolListSchema, text);
    if (!cached || cached.server !== server || cached.source !== source) return undefined;
    return cached;
  }

  /** Private to the user (0600 in a 0700 folder): a server's tool list says what it can reach. An older 0644 file is replaced. */
  async write(server: string, tools: readonly CatalogTool[], source?: string): Promise<void> {
    const content: CachedToolList = {
      version: TOOL_CACHE_VERSION,
      server,
      ...(source === undefined ? {} : { source }),
      savedAt: new Date().toISOString(),
      tools: [...tools],
    };
    await writeFileAtomic(this.fileOf(server, source), `${JSON.stringify(content)}\n`, { mode: TOOL_CACHE_FILE_MODE });
    // mkdir's mode applies only to a folder it creates: one made by an older gateway is narrowed here.
    await fs.chmod(this.dir, TOOL_CACHE_DIR_MODE);
  }

  /** Deletes the lists kept for entries of these config files (a project the user no longer trusts); returns how many. */
  async dropSources(sources: readonly string[]): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return 0;
    }
    const dropped = await Promise.all(
      names.map(async (name) => {
        const file = path.join(this.dir, name);
        const source = await fs
          .readFile(file, 'utf8')
          .then((text) => (JSON.parse(text) as { source?: unknown }).source)
          .catch(() => undefined);
        if (typeof source !== 'string' || !sources.includes(source)) return false;
        await fs.rm(file, { force: true });
        return true;
      }),
    );
    return dropped.filter(Boolean).length;
  }

  private fileOf(server: string, source?: string): string {
    // Server names are already restricted to [A-Za-z0-9._-] and cannot start with a dot: safe as a file name.
    if (source === undefined) return path.join(this.dir, `${server}.json`);
    return path.join(
      this.dir,
      `${server}.${createHash('sha256').update(source).digest('hex').slice(0, SOURCE_KEY_CHARS)}.json`,
    );
  }
}

export class MemoryToolCache implements ToolCacheStore {
  readonly entries = new Map<string, CachedToolList>();

  async read(server: string, source?: string): Promise<CachedToolList | undefined> {
    const cached = this.entries.get(server);
    return cached?.source === source ? cached : undefined;
  }

  async write(server: string, tools: readonly CatalogTool[], source?: string): Promise<void> {
    this.entries.set(server, {
      version: TOOL_CACHE_VERSION,
      server,
      ...(source === undefined ? {} : { source }),
      savedAt: new Date().toISOString(),
      tools: [...tools],
    });
  }
}
