// The shipped snapshot of a manifest server's tools: its file format, its canonical bytes, and reading it back.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { MANIFEST_SERVER_NAME_PATTERN, type ManifestServer } from './manifest-schema.js';

/** A snapshot file past this size is refused; the largest shipped one (microsoft-365, ~200 tools) is 1.8 MB. */
export const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;
/** More tools than this in one snapshot is refused as implausible. */
export const MAX_SNAPSHOT_TOOLS = 1000;

const jsonObject = z.record(z.string(), z.unknown());

/** Structurally the same as the downstream domain's DownstreamTool, which this domain may not import. */
export const snapshotToolSchema = z.strictObject({
  name: z.string().min(1).max(128),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: jsonObject.refine((schema) => schema.type === 'object', 'must be an object schema ("type": "object")'),
  outputSchema: jsonObject.optional(),
  annotations: jsonObject.optional(),
});

export const toolSnapshotSchema = z.strictObject({
  server: z.string().regex(MANIFEST_SERVER_NAME_PATTERN),
  package: z.string().min(1),
  version: z.string().min(1),
  tools: z.array(snapshotToolSchema).max(MAX_SNAPSHOT_TOOLS),
});

export type SnapshotTool = z.infer<typeof snapshotToolSchema>;
export type ToolSnapshot = z.infer<typeof toolSnapshotSchema>;

/**
 * The canonical text of a snapshot: tools sorted by name, every object's keys sorted, 2-space JSON and a
 * trailing newline, nothing time-dependent. Capturing the same server twice gives the same bytes.
 */
export function formatToolSnapshot(snapshot: ToolSnapshot): string {
  const tools = [...snapshot.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `${JSON.stringify(sortKeys({ ...snapshot, tools }), null, 2)}\n`;
}

/** Array order is meaning (`required`, `enum`, `anyOf`), so only object keys are sorted. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** Whether a snapshot was captured from exactly the package and version the manifest now names. */
export function snapshotMatchesServer(snapshot: ToolSnapshot, server: ManifestServer): boolean {
  return server.npm !== undefined && snapshot.server === server.name && snapshot.package === server.npm.package && snapshot.version === server.npm.version;
}

/** Pure: parses a snapshot file's text; `file` names it in errors. */
export function parseToolSnapshot(text: string, file: string): ToolSnapshot {
  if (Buffer.byteLength(text) > MAX_SNAPSHOT_BYTES) throw invalidSnapshot(file, `is larger than ${MAX_SNAPSHOT_BYTES} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidSnapshot(file, `is not valid JSON (${(error as Error).message})`, error);
  }
  const parsed = toolSnapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first === undefined ? '' : ` at ${first.path.join('.') || '(document)'}: ${first.message}`;
    throw invalidSnapshot(file, `does not match the snapshot format${where}`, parsed.error);
  }
  const expected = path.basename(file, '.json');
  if (parsed.data.server !== expected) throw invalidSnapshot(file, `names server "${parsed.data.server}", expected "${expected}" (its file name)`);
  return parsed.data;
}

/** The snapshot of one server from `dir`, or undefined when it has none. */
export async function readToolSnapshot(dir: string, server: string): Promise<ToolSnapshot | undefined> {
  if (!MANIFEST_SERVER_NAME_PATTERN.test(server)) return undefined;
  const file = path.join(dir, `${server}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalidSnapshot(file, `could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`, error);
  }
  return parseToolSnapshot(text, file);
}

export interface LoadToolSnapshotsOptions {
  /** Called for a file that does not parse; when absent such a file throws. Lets the gateway skip one bad file. */
  onInvalid?: (error: GatewayError) => void;
}

/** Every `<server>.json` in `dir`, by server name. A missing folder gives an empty map. */
export async function loadToolSnapshots(dir: string, options: LoadToolSnapshotsOptions = {}): Promise<Map<string, ToolSnapshot>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw invalidSnapshot(dir, `could not be listed (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`, error);
  }
  const servers = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
  const loaded = await Promise.all(
    servers.map(async (server) => {
      try {
        return await readToolSnapshot(dir, server);
      } catch (error) {
        if (options.onInvalid === undefined || !(error instanceof GatewayError)) throw error;
        options.onInvalid(error);
        return undefined;
      }
    }),
  );
  const snapshots = new Map<string, ToolSnapshot>();
  for (const snapshot of loaded) if (snapshot !== undefined) snapshots.set(snapshot.server, snapshot);
  return snapshots;
}

function invalidSnapshot(file: string, problem: string, cause?: unknown): GatewayError {
  return new GatewayError('MANIFEST_INVALID', `The tool snapshot ${file} ${problem}.`, {
    hint: 'Regenerate it with `npm run manifest:snapshot <server>`, or delete the file.',
    cause,
    details: { file },
  });
}
