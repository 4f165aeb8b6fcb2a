// What `toolgate status` shows: the running gateway, its sessions and its servers; never a secret.
import { buildHealthReport } from '../gateway/health-report.js';
import { sessionLabel } from '../gateway/session-label.js';
import type { TokenReport } from '../gateway/token-ledger.js';
import type { SessionInfo } from '../http/session-registry.js';
import type { GatewayApp } from './create-gateway-app.js';
import { trustCommand } from '../trust/trust-list.js';

export interface StatusSession extends Omit<SessionInfo, 'kind'> {
  kind: SessionInfo['kind'] | 'stdio';
}

/** A session as a report shows it: by label, and by id only in the owner's view. */
export type ShownSession = Omit<StatusSession, 'id'> & { id?: string; label: string };

export interface StatusReport {
  running: true;
  mode: 'stdio' | 'http';
  pid: number;
  version: string;
  started_at: string;
  uptime_s: number;
  url?: string;
  lock_dir: string;
  catalog_tools: number;
  sessions: ShownSession[];
  servers: { name: string; state: string; tools?: number; cached_tools?: number; pid?: number; last_error?: unknown }[];
  config_problems: number;
  /** Project files found but not used until the user trusts them, each with the command that does. */
  untrusted_project_files: {
    file: string;
    verdict: 'untrusted' | 'changed';
    servers: string[];
    trust_command: string;
  }[];
  /** What each session's surface and answers cost, against a flat exposure of the same tools. */
  tokens?: TokenReport;
}

/**
 * `withIds`: session ids are shown only on the control socket, which is the owner's alone (mode 600) and
 * never an MCP client's: there they match the ids in the audit log and the logs. Over TCP, where every
 * client holding the token may ask, sessions are shown by label: an id would let one act in another.
 */
export function buildStatusReport(
  app: GatewayApp,
  sessions: StatusSession[],
  url?: string,
  { withIds = false } = {},
): StatusReport {
  const health = buildHealthReport(app.gateway, app.facts, { withIds });
  const report: StatusReport = {
    running: true,
    mode: app.facts.transport,
    pid: process.pid,
    version: app.facts.version,
    started_at: app.facts.startedAt.toISOString(),
    uptime_s: Math.round((Date.now() - app.facts.startedAt.getTime()) / 1000),
    lock_dir: app.paths.lockDir,
    catalog_tools: app.gateway.configuredToolCount(),
    sessions: sessions.map(({ id, ...session }) => ({
      ...(withIds ? { id } : {}),
      label: sessionLabel(id),
      ...session,
    })),
    servers: health.servers.map((server) => {
      const entry: StatusReport['servers'][number] = { name: server.name, state: server.state };
      if (server.tools !== undefined) entry.tools = server.tools;
      if (server.cached_tools !== undefined) entry.cached_tools = server.cached_tools;
      if (server.pid !== undefined) entry.pid = server.pid;
      if (server.last_error !== undefined) entry.last_error = server.last_error;
      return entry;
    }),
    config_problems: health.config_problems.length,
    untrusted_project_files: (app.gateway.config.untrusted ?? []).map(({ file, verdict, servers, folder }) => ({
      file,
      verdict,
      servers,
      trust_command: trustCommand(folder),
    })),
    tokens: app.ledger.report({ withIds }),
  };
  if (url !== undefined) report.url = url;
  return report;
}
