// The default of every setting that has one; the domains that apply a setting import its default from here.

/** `--host` / TOOLGATE_HOST: the HTTP service binds to loopback unless told otherwise. */
export const DEFAULT_HTTP_HOST = '127.0.0.1';
/** `--port` / TOOLGATE_PORT when unset; 0 asks the system for a free port. */
export const DEFAULT_HTTP_PORT = 3344;
/** Default cap on a request body: far above any sane tool call, far below memory trouble. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** A session with no request and no open stream for this long is closed; its client gets 404 and re-initializes. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
/** Beyond this many live sessions a new initialize gets 503. */
export const DEFAULT_MAX_SESSIONS = 1_000;
/** An idle connected server is pinged this often (0 = never). */
export const DEFAULT_PING_INTERVAL_MS = 60_000;
/** A ping not answered within this marks the server failed (it is stopped and restarts on next use). */
export const DEFAULT_PING_TIMEOUT_MS = 10_000;
/** A server with no call for this long is stopped; it starts again on next use (0 = never). */
export const DEFAULT_IDLE_SHUTDOWN_MS = 10 * 60_000;
/**
 * gateway.provision and gateway.update_server wait this long for their job, then answer with its id (the job goes
 * on). Below the 60 s default request timeout of MCP clients, so no client gives up before the answer.
 */
export const DEFAULT_JOB_WAIT_MS = 25_000;
/** Node runs a timer longer than this after 1 ms (with a warning), so a larger ping timeout would fail every ping. */
export const MAX_TIMER_MS = 2_147_483_647;
export const DEFAULT_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';
export const DEFAULT_ISSUES_URL = 'https://github.com/toolgate/toolgate/issues/new';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
