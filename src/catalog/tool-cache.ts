// The last known tool list of each server, on disk, so offline servers are searchable.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-write.js';
import type { CatalogTool } from './tool-index.js';

export const TOOL_CACHE_VERSION = 1;
export const TOOL_CACHE_FILE_MODE = 0o600;
export const TOOL_CACHE_DIR_MODE = 0o700;

export interface CachedToolList {
  version: number;
  server: string;
  savedAt: string;
  tools: CatalogTool[];
}

const JsonObjectSchema = z.record(z.string(), z.unknown());

/** The file as written by `write`; loose, so that fields a newer gateway adds survive. */
const CachedToolListSchema = z.looseObject({
  version: z.literal(TOOL_CACHE_VERSION),
  server: z.string(),
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

/** The seam: a directory of JSON files in production, a Map in tests. */
export interface ToolCacheStore {
  read(server: string): Promise<CachedToolList | undefined>;
  write(server: string, tools: readonly CatalogTool[]): Promise<void>;
}

export class DirectoryToolCache implements ToolCacheStore {
  constructor(private readonly dir: string) {}

  async read(server: string): Promise<CachedToolList | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(server), 'utf8');
    } catch {
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    // A cache from another version or a damaged file (down to one bad tool) is ignored; it is rewritten on next connect.
    const parsed = CachedToolListSchema.safeParse(json);
    if (!parsed.success || parsed.data.server !== server) return undefined;
    return parsed.data;
  }

  /** Private to the user (0600 in a 0700 folder): a server's tool list says what it can reach. An older 0644 file is replaced. */
  async write(server: string, tools: readonly CatalogTool[]): Promise<void> {
    const content: CachedToolList = { version: TOOL_CACHE_VERSION, server, savedAt: new Date().toISOString(), tools: [...tools] };
    await writeFileAtomic(this.fileOf(server), `${JSON.stringify(content)}\n`, { mode: TOOL_CACHE_FILE_MODE });
    // mkdir's mode applies only to a folder it creates: one made by an older gateway is narrowed here.
    await fs.chmod(this.dir, TOOL_CACHE_DIR_MODE);
  }

  private fileOf(server: string): string {
    // Server names are already restricted to [A-Za-z0-9._-] and cannot start with a dot: safe as a file name.
    return path.join(this.dir, `${server}.json`);
  }
}

export class MemoryToolCache implements ToolCacheStore {
  readonly entries = new Map<string, CachedToolList>();

  async read(server: string): Promise<CachedToolList | undefined> {
    return this.entries.get(server);
  }

  async write(server: string, tools: readonly CatalogTool[]): Promise<void> {
    this.entries.set(server, { version: TOOL_CACHE_VERSION, server, savedAt: new Date().toISOString(), tools: [...tools] });
  }
}
