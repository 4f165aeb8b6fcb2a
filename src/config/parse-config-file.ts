// Parses the text of one config file into its raw server entries, or one problem for the whole file.
import { SERVER_MAP_KEYS, configFileSchema, isRecord } from './config-file-schema.js';
import { describeJsonType } from './entry-issues.js';
import { locateJsonSyntaxError } from '../storage/json-syntax-error.js';

export type ParsedConfigFile = { ok: true; entries: [name: string, raw: unknown][] } | { ok: false; problem: string };

const EXAMPLE = '{"mcpServers": {"my-server": {"command": "npx", "args": ["-y", "some-mcp-server"]}}}';

export function parseConfigText(text: string, file: string): ParsedConfigFile {
  // Windows editors write a BOM, and an empty file is a config not filled in yet, not an error.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: true, entries: [] };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: describeSyntaxError(body, file, error) };
  }

  if (!isRecord(json)) {
    return {
      ok: false,
      problem: `${file}: expected a JSON object with a "mcpServers" (or "servers") key, received ${describeJsonType(json)}. Write it as ${EXAMPLE}, then call gateway_refresh (or restart your MCP client).`,
    };
  }
  const result = configFileSchema.safeParse(json);
  if (!result.success) {
    const key = String(result.error.issues[0]?.path[0] ?? 'mcpServers');
    return {
      ok: false,
      problem: `${file}: expected "${key}" to be an object mapping server names to entries, received ${describeJsonType(json[key])}. Write it as ${EXAMPLE}, then call gateway_refresh (or restart your MCP client).`,
    };
  }
  const keys = Object.keys(json);
  if (keys.length > 0 && !SERVER_MAP_KEYS.some((key) => key in json)) {
    // Most likely a misspelt key (`mcp_servers`, `MCPServers`): silently loading nothing would hide it.
    const shown = keys
      .slice(0, 5)
      .map((key) => JSON.stringify(key))
      .join(', ');
    return {
      ok: false,
      problem: `${file}: expected a "mcpServers" (or "servers") key at the top level, received only ${shown}. Put the server entries under "mcpServers", as in ${EXAMPLE}, then call gateway_refresh (or restart your MCP client).`,
    };
  }

  const entries = new Map<string, unknown>();
  for (const key of SERVER_MAP_KEYS) {
    for (const [name, raw] of Object.entries(result.data[key] ?? {})) {
      if (!entries.has(name)) entries.set(name, raw);
    }
  }
  return { ok: true, entries: [...entries] };
}

function describeSyntaxError(body: string, file: string, error: unknown): string {
  const next =
    'Fix it there (a trailing comma or a missing quote is the usual cause), then call gateway_refresh (or restart your MCP client); the servers in this file are not loaded until then.';
  const located = locateJsonSyntaxError(body);
  if (located === undefined) {
    // V8 may quote the file after a comma; keep only its first clause so no file content is echoed.
    const reason = error instanceof Error ? error.message.split(/,\s*"/)[0] : 'unknown reason';
    return `${file} is not valid JSON: ${reason}. ${next}`;
  }
  const where = `line ${located.line}, column ${located.column} (position ${located.position})`;
  const received = located.atEnd ? 'the end of the file' : `${JSON.stringify(body.charAt(located.position))}`;
  return `${file} is not valid JSON: at ${where}, expected ${located.expected}, received ${received}. ${next}`;
}
