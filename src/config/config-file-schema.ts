// The zod schemas of a downstream-server config file (`.mcp.json`, toolgate's `servers.json`).
import { z } from 'zod';

/** `servers` is the VS Code spelling of the same map; both are read, `mcpServers` first. */
export const SERVER_MAP_KEYS = ['mcpServers', 'servers'] as const;

/**
 * The top level only: each entry is validated on its own later, so that one broken entry
 * disables one server instead of the whole file.
 */
export const configFileSchema = z.looseObject({
  mcpServers: z.record(z.string(), z.unknown()).optional(),
  servers: z.record(z.string(), z.unknown()).optional(),
});

const stringMap = z.record(z.string(), z.string());

// Clients add their own keys (`alwaysAllow`, `autoApprove`, `timeout`, ...): loose objects keep them harmless.
const commonFields = {
  description: z.string().optional(),
  disabled: z.boolean().optional(),
  // Lifecycle settings of this server (milliseconds); see ServerEntryBase.
  timeout_ms: z.int().positive().optional(),
  startup_timeout_ms: z.int().positive().optional(),
  idle_shutdown_ms: z.int().nonnegative().optional(),
};

export const stdioEntrySchema = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  ...commonFields,
});

/** Remote transport spellings seen across clients, mapped to the two transports toolgate speaks. */
export const REMOTE_TYPES = {
  http: 'http',
  'streamable-http': 'http',
  streamableHttp: 'http',
  sse: 'sse',
} as const;

export type RemoteTypeName = keyof typeof REMOTE_TYPES;

const remoteTypeNames = Object.keys(REMOTE_TYPES) as [RemoteTypeName, ...RemoteTypeName[]];

export const remoteEntrySchema = z.looseObject({
  // Optional because Cursor-style entries give only a `url`; the transport is then inferred.
  type: z.enum(remoteTypeNames).optional(),
  url: z.string().min(1),
  headers: stringMap.optional(),
  ...commonFields,
});

/** Every key toolgate reads in an entry, of either kind (a missing one is checked against the others for a typo). */
export const ENTRY_KEYS: readonly string[] = [
  ...new Set([...Object.keys(stdioEntrySchema.shape), ...Object.keys(remoteEntrySchema.shape)]),
];

/** Used only to report an unknown `type` with the list of accepted ones. */
const entryTypeSchema = z.looseObject({ type: z.enum(['stdio', ...remoteTypeNames]) });

export type StdioEntryInput = z.infer<typeof stdioEntrySchema>;
export type RemoteEntryInput = z.infer<typeof remoteEntrySchema>;

export type ParsedEntry =
  | { ok: true; kind: 'stdio'; entry: StdioEntryInput }
  | { ok: true; kind: 'remote'; entry: RemoteEntryInput }
  | { ok: false; issues: z.core.$ZodIssue[] };

/** Picks the schema from `type` (absent means stdio unless only a `url` is given) and validates. */
export function parseEntry(raw: unknown): ParsedEntry {
  const fields = isRecord(raw) ? raw : undefined;
  const type = fields?.type;
  const looksRemote =
    (typeof type === 'string' && type in REMOTE_TYPES) ||
    (type === undefined && fields !== undefined && 'url' in fields && !('command' in fields));
  if (looksRemote) {
    const result = remoteEntrySchema.safeParse(raw);
    return result.success
      ? { ok: true, kind: 'remote', entry: result.data }
      : { ok: false, issues: result.error.issues };
  }
  if (type !== undefined && type !== 'stdio') {
    const result = entryTypeSchema.safeParse(raw);
    return { ok: false, issues: result.success ? [] : result.error.issues };
  }
  const result = stdioEntrySchema.safeParse(raw);
  return result.success ? { ok: true, kind: 'stdio', entry: result.data } : { ok: false, issues: result.error.issues };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
