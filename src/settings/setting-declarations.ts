// Every setting toolgate reads, declared once: its flag, its environment variable, its type, its default and its help.
import { z } from 'zod';
import * as D from './setting-defaults.js';

export interface SettingDeclaration<T = unknown> {
  /** The environment variable, when the setting has one. */
  env?: `TOOLGATE_${string}`;
  /** The commander flag (`--port <port>`), or a switch (`--http`); absent for environment-only settings. */
  flag?: string;
  help: string;
  /** The value when neither the flag nor the variable is set. */
  default?: T;
  /** How the default reads in --help, .env.example and the settings table, when it is not the value itself. */
  defaultLabel?: string;
  choices?: readonly string[];
  /** What a valid value is, for error messages ("a whole number from 0 to 65535"). */
  expected: string;
  /** Parses the raw text (or a switch's `true`); a failure is reported with `expected`. */
  schema: z.ZodType<T>;
  /** Surrounding blanks are part of the value (paths, tokens); other settings are trimmed. */
  keepBlanks?: boolean;
}

function text(): z.ZodType<string> {
  return z.string().min(1);
}

function choice<const C extends readonly [string, ...string[]]>(choices: C): z.ZodType<C[number]> {
  return z.enum(choices);
}

/** Read as JavaScript reads a number (`1e3` and `0x10` too), as the flags always were. */
function wholeNumber(min: number, max: number): z.ZodType<number> {
  return z.string().transform(Number).pipe(z.number().int().min(min).max(max));
}

/** Milliseconds up to the longest timer Node supports; 0 turns the feature off. */
function millis(): z.ZodType<number> {
  return z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().max(D.MAX_TIMER_MS));
}

function commaList(): z.ZodType<string[]> {
  return z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
}

/** Keeps each declaration's own type (its schema's output, whether it has a default) for `Settings`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's value type differs; `Settings` reads it back from the schema
function declare<S extends SettingDeclaration<any>>(declaration: S): S {
  return declaration;
}

const NAME_STYLES = ['auto', 'dot', 'underscore'] as const;
const EXPOSURES = ['progressive', 'hybrid', 'flat'] as const;
const PREFIXES = ['server', 'never'] as const;
const MILLIS = `a whole number of milliseconds (0 turns it off), at most ${D.MAX_TIMER_MS} (about 24.8 days, the longest timer Node supports)`;

/** In the order of the settings table and .env.example. */
export const SETTINGS = {
  config: declare({
    env: 'TOOLGATE_CONFIG',
    flag: '--config <path>',
    help: 'an extra MCP server config file, highest precedence',
    expected: 'a file path',
    schema: text(),
    keepBlanks: true,
  }),
  policy: declare({
    env: 'TOOLGATE_POLICY',
    flag: '--policy <path>',
    help: 'an extra policy file, applied after the user and project policies',
    expected: 'a file path',
    schema: text(),
    keepBlanks: true,
  }),
  names: declare({
    env: 'TOOLGATE_NAMES',
    flag: '--names <style>',
    help: 'meta-tool name style',
    choices: NAME_STYLES,
    default: 'auto',
    expected: `one of ${NAME_STYLES.join(', ')}`,
    schema: choice(NAME_STYLES),
  }),
  exposure: declare({
    env: 'TOOLGATE_EXPOSURE',
    flag: '--exposure <mode>',
    help: 'what the client sees: meta-tools only, plus pinned tools, or every tool directly',
    choices: EXPOSURES,
    default: 'progressive',
    expected: `one of ${EXPOSURES.join(', ')}`,
    schema: choice(EXPOSURES),
  }),
  prefix: declare({
    env: 'TOOLGATE_PREFIX',
    flag: '--prefix <mode>',
    help: "names of directly exposed tools: server__tool, or the server's own (a collision is refused)",
    choices: PREFIXES,
    default: 'server',
    expected: `one of ${PREFIXES.join(', ')}`,
    schema: choice(PREFIXES),
  }),
  http: declare({
    flag: '--http',
    help: 'serve Streamable HTTP at /mcp and legacy SSE at /sse instead of stdio',
    default: false,
    defaultLabel: 'off',
    expected: 'a switch',
    schema: z.boolean(),
  }),
  host: declare({
    env: 'TOOLGATE_HOST',
    flag: '--host <host>',
    help: 'HTTP bind address; beyond loopback a token is required',
    default: D.DEFAULT_HTTP_HOST,
    expected: 'a host name or address',
    schema: text(),
  }),
  port: declare({
    env: 'TOOLGATE_PORT',
    flag: '--port <port>',
    help: 'HTTP port (0 picks a free one)',
    default: D.DEFAULT_HTTP_PORT,
    expected: 'a whole number from 0 to 65535',
    schema: wholeNumber(0, 65_535),
  }),
  authToken: declare({
    env: 'TOOLGATE_AUTH_TOKEN',
    flag: '--auth-token <token>',
    help: 'bearer token clients must send; required beyond loopback (prefer the variable: argv is visible in ps)',
    defaultLabel: 'generated once, in TOOLGATE_HOME/http-token',
    expected: 'a token',
    schema: text(),
    keepBlanks: true,
  }),
  unsafeNoToken: declare({
    flag: '--unsafe-no-token',
    help: 'loopback only: require no token, so any local account can use the service (not recommended)',
    default: false,
    defaultLabel: 'off',
    expected: 'a switch',
    schema: z.boolean(),
  }),
  allowedHosts: declare({
    env: 'TOOLGATE_ALLOWED_HOSTS',
    flag: '--allowed-hosts <list>',
    help: 'extra Host header values to accept, comma-separated',
    default: [] as string[],
    defaultLabel: '',
    expected: 'a comma-separated list',
    schema: commaList(),
  }),
  allowedOrigins: declare({
    env: 'TOOLGATE_ALLOWED_ORIGINS',
    flag: '--allowed-origins <list>',
    help: 'browser Origins to accept, comma-separated',
    default: [] as string[],
    defaultLabel: '',
    expected: 'a comma-separated list',
    schema: commaList(),
  }),
  maxBodyBytes: declare({
    env: 'TOOLGATE_MAX_BODY_BYTES',
    flag: '--max-body-bytes <n>',
    help: 'largest request body accepted; larger bodies get 413',
    default: D.DEFAULT_MAX_BODY_BYTES,
    defaultLabel: '4 MiB',
    expected: `a whole number from 1024 to ${Number.MAX_SAFE_INTEGER}`,
    schema: wholeNumber(1_024, Number.MAX_SAFE_INTEGER),
  }),
  sessionIdleMs: declare({
    env: 'TOOLGATE_SESSION_IDLE_MS',
    flag: '--session-idle-ms <ms>',
    help: 'close a session idle this long',
    default: D.DEFAULT_SESSION_IDLE_MS,
    defaultLabel: '30 min',
    expected: `a whole number from 1000 to ${Number.MAX_SAFE_INTEGER}`,
    schema: wholeNumber(1_000, Number.MAX_SAFE_INTEGER),
  }),
  maxSessions: declare({
    env: 'TOOLGATE_MAX_SESSIONS',
    flag: '--max-sessions <n>',
    help: 'live sessions accepted at once; more get 503',
    default: D.DEFAULT_MAX_SESSIONS,
    expected: `a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`,
    schema: wholeNumber(1, Number.MAX_SAFE_INTEGER),
  }),
  home: declare({
    env: 'TOOLGATE_HOME',
    help: 'where toolgate keeps its state: logs, tool caches, the lock, secrets.json',
    defaultLabel: '~/.toolgate',
    expected: 'a folder path',
    schema: text(),
    keepBlanks: true,
  }),
  lockDir: declare({
    env: 'TOOLGATE_LOCK_DIR',
    help: 'folder of the singleton lock',
    defaultLabel: 'TOOLGATE_HOME',
    expected: 'a folder path',
    schema: text(),
    keepBlanks: true,
  }),
  logLevel: declare({
    env: 'TOOLGATE_LOG_LEVEL',
    help: 'the least severe level written to the log',
    choices: D.LOG_LEVELS,
    default: D.DEFAULT_LOG_LEVEL,
    expected: `one of ${D.LOG_LEVELS.join(', ')}`,
    schema: z.string().toLowerCase().pipe(z.enum(D.LOG_LEVELS)),
  }),
  secretsPassphrase: declare({
    env: 'TOOLGATE_SECRETS_PASSPHRASE',
    help: 'encrypt secrets.json with a key derived from this passphrase (scrypt) instead of the random key in TOOLGATE_HOME/secrets.key',
    expected: 'a passphrase',
    schema: text(),
    keepBlanks: true,
  }),
  registryUrl: declare({
    env: 'TOOLGATE_REGISTRY_URL',
    help: 'the MCP Registry gateway.search_registry searches',
    default: D.DEFAULT_REGISTRY_URL,
    expected: 'an http(s) URL',
    schema: text(),
    keepBlanks: true,
  }),
  feedbackUrl: declare({
    env: 'TOOLGATE_FEEDBACK_URL',
    help: 'base of the new-issue URL gateway.submit_feedback prefills (nothing is sent)',
    default: D.DEFAULT_ISSUES_URL,
    defaultLabel: "toolgate's GitHub new-issue page",
    expected: 'a URL',
    schema: text(),
    keepBlanks: true,
  }),
  idleShutdownMs: declare({
    env: 'TOOLGATE_IDLE_SHUTDOWN_MS',
    help: 'stop a downstream server idle this long; it starts again on next use (0 never)',
    default: D.DEFAULT_IDLE_SHUTDOWN_MS,
    expected: MILLIS,
    schema: millis(),
  }),
  pingIntervalMs: declare({
    env: 'TOOLGATE_PING_INTERVAL_MS',
    help: 'ping a connected downstream server after this long without a call (0 never)',
    default: D.DEFAULT_PING_INTERVAL_MS,
    expected: MILLIS,
    schema: millis(),
  }),
  pingTimeoutMs: declare({
    env: 'TOOLGATE_PING_TIMEOUT_MS',
    help: 'a ping not answered in this long marks the server failed',
    default: D.DEFAULT_PING_TIMEOUT_MS,
    expected: MILLIS,
    schema: millis(),
  }),
  jobWaitMs: declare({
    env: 'TOOLGATE_JOB_WAIT_MS',
    help: 'provision and update_server wait this long for their job, then answer with its id (0 at once)',
    default: D.DEFAULT_JOB_WAIT_MS,
    expected: MILLIS,
    schema: millis(),
  }),
};

export type SettingKey = keyof typeof SETTINGS;
