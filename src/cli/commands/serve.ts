// `toolgate serve` (the default command): the gateway on stdio, or with --http as a shared service.
import type { Command } from 'commander';
import { parseSettings, type Settings, type SettingsInput } from '../../settings/parse-settings.js';
import type { SettingKey } from '../../settings/setting-declarations.js';
import type { HttpServeOptions } from '../../app/run-http-gateway.js';
import { runStdioGateway } from '../../app/run-stdio-gateway.js';
import type { ServeOptions } from '../../app/serve-options.js';
import { runHttp } from '../run-http.js';
import { settingOption } from '../setting-option.js';
import { terminalNotice } from '../terminal-notice.js';

/** serve's flags, in --help order; each one is a declared setting. */
const SERVE_SETTINGS = [
  'config',
  'policy',
  'names',
  'exposure',
  'prefix',
  'http',
  'host',
  'port',
  'authToken',
  'unsafeNoToken',
  'allowedHosts',
  'allowedOrigins',
  'maxBodyBytes',
  'sessionIdleMs',
  'maxSessions',
] as const satisfies readonly SettingKey[];

export function registerServe(program: Command): void {
  const command = program
    .command('serve', { isDefault: true })
    .description('run the gateway as an MCP server on stdio (the default), or with --http as a shared service');
  for (const key of SERVE_SETTINGS) command.addOption(settingOption(key));
  command.action((flags: SettingsInput['flags']) => {
    const settings = parseSettings({ env: process.env, flags });
    // Only what the chosen transport uses is read: a bad TOOLGATE_PORT does not stop a stdio gateway.
    if (settings.http) return runHttp(httpOptions(settings));
    const notice = terminalNotice(process.stdin);
    if (notice) process.stderr.write(`${notice}\n`);
    return runStdioGateway(serveOptions(settings));
  });
}

export function serveOptions(settings: Settings): ServeOptions {
  return {
    names: settings.names,
    exposure: settings.exposure,
    prefix: settings.prefix,
    ...(settings.config === undefined ? {} : { config: settings.config }),
    ...(settings.policy === undefined ? {} : { policy: settings.policy }),
  };
}

function httpOptions(settings: Settings): HttpServeOptions {
  return {
    ...serveOptions(settings),
    host: settings.host,
    port: settings.port,
    ...(settings.authToken === undefined ? {} : { authToken: settings.authToken }),
    unsafeNoToken: settings.unsafeNoToken,
    allowedHosts: settings.allowedHosts,
    allowedOrigins: settings.allowedOrigins,
    maxBodyBytes: settings.maxBodyBytes,
    sessionIdleMs: settings.sessionIdleMs,
    maxSessions: settings.maxSessions,
  };
}
