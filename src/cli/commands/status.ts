// `toolgate status`: the running gateway's mode, pid, uptime, sessions and servers, read from the gateway itself.
import { countOf } from '../../errors/index.js';
import os from 'node:os';
import type { Command } from 'commander';
import type { StatusReport } from '../../app/status-report.js';
import { resolvePaths } from '../../config/paths.js';
import { locateRunningGateway } from '../../control/locate-gateway.js';
import { markFailure, oneLine, printJson, printLine } from '../cli-output.js';
import { controlRequest } from '../../control/control-request.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('show the running gateway: mode, pid, uptime, sessions, and each server (exit 1 when none runs)')
    .option('--json', 'print the status as JSON')
    .action(async (flags: { json?: boolean }) => {
      const lockDir = resolvePaths(process.env, os.homedir()).lockDir;
      const running = await locateRunningGateway(lockDir);
      if (!running) {
        markFailure();
        if (flags.json) return printJson({ running: false, lock_dir: lockDir });
        return printLine(
          `No toolgate gateway is running for ${lockDir}. Your MCP client starts one; or run \`toolgate serve --http\`.`,
        );
      }
      const report = (await controlRequest(running, 'GET', '/status')) as StatusReport;
      if (flags.json) return printJson(report);
      printStatus(report);
    });
}

function printStatus(report: StatusReport): void {
  printLine(
    `toolgate ${report.version}: ${report.mode}, pid ${report.pid}, up ${duration(report.uptime_s * 1000)}${report.url ? `, ${report.url}` : ''}`,
  );
  printLine(
    `tools of configured servers: ${report.catalog_tools}${report.config_problems ? `; ${countOf(report.config_problems, 'config problem')}: run \`toolgate doctor\`` : ''}`,
  );
  for (const untrusted of report.untrusted_project_files ?? []) {
    printLine(
      `not used: ${oneLine(untrusted.file)} ${untrusted.verdict === 'changed' ? 'changed since you trusted it' : 'is not trusted'}; to use it: ${oneLine(untrusted.trust_command)}`,
    );
  }
  printLine(`sessions (${report.sessions.length}):`);
  for (const session of report.sessions) {
    printLine(
      `  ${(session.id ?? session.label).slice(0, 12).padEnd(12)}  ${session.kind.padEnd(15)}  ${oneLine(session.client ?? '?').padEnd(16)}  ${session.open_streams ? 'active' : `idle ${duration(session.idle_ms)}`}`,
    );
  }
  const tokens = report.tokens;
  if (tokens && tokens.sessions.length) {
    printLine(
      `tokens (${tokens.method}; a flat exposure of the ${countOf(tokens.flat_exposure.tools, 'tool')} would list ${tokens.flat_exposure.tokens}):`,
    );
    for (const session of tokens.sessions) {
      const paid = session.listing_tokens + session.discovery_tokens;
      printLine(
        `  ${(session.session_id ?? session.label).slice(0, 12).padEnd(12)}  surface+discovery ${paid}, invoke results ${session.invoke_result_tokens}${session.saved_tokens !== undefined ? `, saved ${session.saved_tokens}` : ''}${session.closed ? ' (closed)' : ''}`,
      );
    }
  }
  printLine(`servers (${report.servers.length}):`);
  const width = Math.max(6, ...report.servers.map((server) => oneLine(server.name).length));
  for (const server of report.servers) {
    const tools =
      server.tools !== undefined
        ? countOf(server.tools, 'tool')
        : server.cached_tools !== undefined
          ? `${countOf(server.cached_tools, 'tool')} (cached)`
          : '';
    const error = server.last_error ? `  last error: ${errorText(server.last_error)}` : '';
    printLine(`  ${oneLine(server.name).padEnd(width)}  ${server.state.padEnd(8)}  ${tools}${error}`);
  }
}

function errorText(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  return oneLine(message.split('\n')[0]!.slice(0, 160));
}

export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}
