// `toolgate serve` (the default command): the gateway on stdio, or with --http as a shared service.
import { Option, type Command } from 'commander';
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from '../../config/http-defaults.js';
import { parseIntegerFlag } from '../integer-flag.js';
import { runHttp } from '../run-http.js';
import { runStdioGateway } from '../../app/run-stdio-gateway.js';
import type { ServeOptions } from '../../app/serve-options.js';

interface ServeFlags extends ServeOptions {
  http?: boolean;
  host: string;
  port: string;
  authToken?: string;
  unsafeNoToken?: boolean;
  allowedHosts?: string;
  allowedOrigins?: string;
  maxBodyBytes?: string;
  sessionIdleMs?: string;
  maxSessions?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the gateway as an MCP server on stdio (the default), or with --http as a shared service')
    .option('--config <path>', 'an extra MCP config file that overrides the discovered ones (env TOOLGATE_CONFIG)')
    .option('--policy <path>', 'an extra policy file, applied after the user and project policies (env TOOLGATE_POLICY)')
    .addOption(new Option('--names <style>', 'meta-tool name style').choices(['auto', 'dot', 'underscore']).default('auto').env('TOOLGATE_NAMES'))
    .addOption(new Option('--exposure <mode>', 'what the client sees: meta-tools only, plus pinned tools, or every tool directly').choices(['progressive', 'hybrid', 'flat']).default('progressive').env('TOOLGATE_EXPOSURE'))
    .addOption(new Option('--prefix <mode>', 'names of directly exposed tools: server__tool, or the server\'s own (a collision is refused)').choices(['server', 'never']).default('server').env('TOOLGATE_PREFIX'))
    .option('--http', 'serve Streamable HTTP at /mcp and legacy SSE at /sse instead of stdio')
    .addOption(new Option('--host <host>', 'HTTP bind address; beyond loopback a token is required').default(DEFAULT_HTTP_HOST).env('TOOLGATE_HOST'))
    .addOption(new Option('--port <port>', 'HTTP port (0 picks a free one)').default(String(DEFAULT_HTTP_PORT)).env('TOOLGATE_PORT'))
    .addOption(new Option('--auth-token <token>', 'bearer token clients must send (prefer the env variable: argv is visible in ps); default: one generated once in TOOLGATE_HOME/http-token').env('TOOLGATE_AUTH_TOKEN'))
    .option('--unsafe-no-token', 'loopback only: require no token, so any local account can use the service (not recommended)')
    .addOption(new Option('--allowed-hosts <list>', 'extra Host header values to accept, comma-separated').env('TOOLGATE_ALLOWED_HOSTS'))
    .addOption(new Option('--allowed-origins <list>', 'browser Origins to accept, comma-separated').env('TOOLGATE_ALLOWED_ORIGINS'))
    .addOption(new Option('--max-body-bytes <n>', 'largest request body accepted (default 4 MiB)').env('TOOLGATE_MAX_BODY_BYTES'))
    .addOption(new Option('--session-idle-ms <ms>', 'close a session idle this long (default 30 min)').env('TOOLGATE_SESSION_IDLE_MS'))
    .addOption(new Option('--max-sessions <n>', 'live sessions accepted at once (default 1000)').env('TOOLGATE_MAX_SESSIONS'))
    .action((flags: ServeFlags) => {
      if (!flags.http) return runStdioGateway(flags);
      const { maxBodyBytes, sessionIdleMs, maxSessions, ...rest } = flags;
      return runHttp({
        ...rest,
        port: parseIntegerFlag('--port', flags.port, 0, 65_535),
        allowedHosts: listFlag(flags.allowedHosts),
        allowedOrigins: listFlag(flags.allowedOrigins),
        ...optionalInteger('maxBodyBytes', '--max-body-bytes', maxBodyBytes, 1_024),
        ...optionalInteger('sessionIdleMs', '--session-idle-ms', sessionIdleMs, 1_000),
        ...optionalInteger('maxSessions', '--max-sessions', maxSessions, 1),
      });
    });
}

function listFlag(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

function optionalInteger<K extends string>(key: K, flag: string, value: string | undefined, min: number): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: parseIntegerFlag(flag, value, min) }) as { [P in K]?: number };
}
