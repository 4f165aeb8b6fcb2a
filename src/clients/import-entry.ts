// Turns one server entry of a client's file into an entry of toolgate's own list (the `mcpServers` format).
import { isRecord, parseEntry } from '../config/config-file-schema.js';
import { describeEntryIssues } from '../config/entry-issues.js';
import type { ClientId } from './client-ids.js';

export type ImportConversion =
  { ok: true; entry: Record<string, unknown>; dropped: string[]; notes: string[] } | { ok: false; reason: string };

export interface ImportContext {
  client: ClientId;
  homeDir: string;
  /** The folder `${workspaceFolder}` stands for (VS Code and Cursor project files); undefined for user files. */
  workspaceFolder?: string;
  /** The server's name, for the commands a note gives; default `<server>`. */
  name?: string;
}

/** An editor's `${input:id}` (a value it prompts for) becomes this variable, which toolgate fills from its secrets. */
export function inputVariableName(id: string): string {
  const name = id.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Codex keys toolgate has no equivalent for; named in the report so nothing disappears silently. */
const CODEX_ONLY_KEYS = ['enabled_tools', 'disabled_tools'];

/** Codex's time limits, in toolgate's keys and milliseconds; a value that is not a positive number is dropped. */
function codexTimeouts(raw: Record<string, unknown>): { timeouts: Record<string, number>; dropped: string[] } {
  const timeouts: Record<string, number> = {};
  const dropped: string[] = [];
  const convert = (key: string, target: string, factor: number) => {
    if (!(key in raw)) return;
    const value = raw[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) timeouts[target] = Math.ceil(value * factor);
    else dropped.push(key);
  };
  convert('startup_timeout_sec', 'startup_timeout_ms', 1000);
  convert('startup_timeout_ms', 'startup_timeout_ms', 1);
  convert('tool_timeout_sec', 'timeout_ms', 1000);
  return { timeouts, dropped };
}

export function toToolgateEntry(raw: unknown, context: ImportContext): ImportConversion {
  if (!isRecord(raw)) return { ok: false, reason: 'the entry is not an object' };
  const shaped = reshape(raw, context.client);
  if (!shaped.ok) return shaped;
  const inputs = new Map<string, string>();
  const rewritten = rewriteVariables(shaped.entry, context, inputs);
  if (!rewritten.ok) return rewritten;
  const parsed = parseEntry(rewritten.entry);
  if (!parsed.ok)
    return {
      ok: false,
      reason: `toolgate would not accept it: ${describeEntryIssues(parsed.issues, rewritten.entry).summary}`,
    };
  const server = context.name ?? '<server>';
  const notes = [...inputs].map(
    ([id, variable]) =>
      `the editor prompted for \${input:${id}}; toolgate reads \${${variable}} instead: store it with \`toolgate secrets set ${server} ${variable}\` (until then the server is disabled and says so)`,
  );
  return { ok: true, entry: rewritten.entry as Record<string, unknown>, dropped: shaped.dropped, notes };
}

type Shaped = { ok: true; entry: Record<string, unknown>; dropped: string[] } | { ok: false; reason: string };

function reshape(raw: Record<string, unknown>, client: ClientId): Shaped {
  if (client === 'opencode') return fromOpenCode(raw);
  if (client === 'codex') return fromCodex(raw);
  if ('envFile' in raw)
    return {
      ok: false,
      reason:
        'it loads variables from an envFile, which toolgate does not read; list them under "env" and import again',
    };
  // VS Code's `inputs` are declared beside the servers, not in an entry; only the references are rewritten.
  return { ok: true, entry: { ...raw }, dropped: [] };
}

function fromOpenCode(raw: Record<string, unknown>): Shaped {
  // V1 says `enabled: false`, V2 `disabled: true`.
  const disabled = raw.enabled === false || raw.disabled === true ? { disabled: true } : {};
  if (raw.type === 'remote') {
    return {
      ok: true,
      entry: { url: raw.url, ...(raw.headers === undefined ? {} : { headers: raw.headers }), ...disabled },
      dropped: [],
    };
  }
  const command = raw.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string')) {
    return { ok: false, reason: 'a local OpenCode entry needs "command" as a non-empty array of strings' };
  }
  const [program, ...args] = command as string[];
  const env = raw.environment === undefined ? {} : { env: raw.environment };
  return { ok: true, entry: { command: program, args, ...env, ...disabled }, dropped: [] };
}

function fromCodex(raw: Record<string, unknown>): Shaped {
  const { timeouts, dropped: badTimeouts } = codexTimeouts(raw);
  const dropped = [...CODEX_ONLY_KEYS.filter((key) => key in raw), ...badTimeouts];
  const disabled = raw.enabled === false ? { disabled: true } : {};
  if (typeof raw.url === 'string') {
    const headers: Record<string, unknown> = { ...(isRecord(raw.http_headers) ? raw.http_headers : {}) };
    if (isRecord(raw.env_http_headers)) {
      for (const [header, variable] of Object.entries(raw.env_http_headers))
        headers[header] = `\${${String(variable)}}`;
    }
    if (typeof raw.bearer_token_env_var === 'string') headers.Authorization = `Bearer \${${raw.bearer_token_env_var}}`;
    return {
      ok: true,
      entry: {
        type: 'http',
        url: raw.url,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...timeouts,
        ...disabled,
      },
      dropped,
    };
  }
  // `env_vars` passes variables of Codex's environment through when they are set; `${X:-}` does the same in
  // toolgate without disabling the server when X is unset (a plain `${X}` would), at the cost of X="" then.
  const forwarded = Array.isArray(raw.env_vars)
    ? Object.fromEntries(raw.env_vars.map((name) => [String(name), `\${${String(name)}:-}`]))
    : {};
  const env = { ...forwarded, ...(isRecord(raw.env) ? raw.env : {}) };
  const entry: Record<string, unknown> = {
    command: raw.command,
    ...(raw.args === undefined ? {} : { args: raw.args }),
  };
  if (Object.keys(env).length > 0) entry.env = env;
  if (raw.cwd !== undefined) entry.cwd = raw.cwd;
  return { ok: true, entry: { ...entry, ...timeouts, ...disabled }, dropped };
}

type Rewritten = { ok: true; entry: unknown } | { ok: false; reason: string };

/** Every string in the entry, in the client's variable syntax, rewritten to toolgate's `${VAR}`. */
function rewriteVariables(value: unknown, context: ImportContext, inputs: Map<string, string>): Rewritten {
  if (typeof value === 'string') return rewriteString(value, context, inputs);
  if (Array.isArray(value))
    return collect(
      value.map((item) => rewriteVariables(item, context, inputs)),
      (items) => items,
    );
  if (isRecord(value)) {
    const keys = Object.keys(value);
    return collect(
      keys.map((key) => rewriteVariables(value[key], context, inputs)),
      (items) => Object.fromEntries(keys.map((key, index) => [key, items[index]])),
    );
  }
  return { ok: true, entry: value };
}

function collect(results: Rewritten[], build: (items: unknown[]) => unknown): Rewritten {
  const failed = results.find((result) => !result.ok);
  if (failed) return failed;
  return { ok: true, entry: build(results.map((result) => (result as { entry: unknown }).entry)) };
}

function rewriteString(text: string, context: ImportContext, inputs: Map<string, string>): Rewritten {
  if (context.client === 'opencode') {
    if (/\{file:[^}]*\}/.test(text))
      return {
        ok: false,
        reason:
          'it reads a value from a file ({file:...}), which toolgate cannot do; store it with `toolgate secrets set` and import again',
      };
    return {
      ok: true,
      entry: text.replace(/\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => `\${${name}}`),
    };
  }
  if (context.client !== 'cursor' && context.client !== 'vscode') return { ok: true, entry: text };
  // In these editors every ${...} is an editor variable; environment variables are written ${env:NAME}.
  let problem: string | undefined;
  const out = text.replace(/\$\{([^}]*)\}/g, (match, inner: string) => {
    const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner);
    if (env) return `\${${env[1]}}`;
    if (inner === 'userHome') return context.homeDir;
    if (inner === 'workspaceFolder' && context.workspaceFolder !== undefined) return context.workspaceFolder;
    const input = /^input:([A-Za-z0-9_.-]+)$/.exec(inner);
    if (input) {
      // toolgate cannot prompt when it starts a server: the value comes from its secrets under a variable name.
      const variable = inputVariableName(input[1]!);
      inputs.set(input[1]!, variable);
      return `\${${variable}}`;
    }
    problem ??= `it uses the editor variable ${match}, which toolgate cannot expand`;
    return match;
  });
  return problem === undefined ? { ok: true, entry: out } : { ok: false, reason: problem };
}
