// What `toolgate status` shows: the running gateway, its sessions and its servers; never a secret.
import { buildHealthReport } from '../gateway/health-report.js';
import type { TokenReport } from '../gateway/token-ledger.js';
import type { SessionInfo } from '../http/session-registry.js';
import type { GatewayApp } from './create-gateway-app.js';

export interface StatusSession extends Omit<SessionInfo, 'kind'> {
  kind: SessionInfo['kind'] | 'stdio';
}

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
  sessions: StatusSession[];
  servers: { name: string; state: string; tools?: number; cached_tools?: number; pid?: number; last_error?: unknown }[];
  config_problems: number;
  /** What each session's surface and answers cost, against a flat exposure of the same tools. */
  tokens?: TokenReport;
}

export function buildStatusReport(app: GatewayApp, sessions: StatusSession[], url?: string): StatusReport {
  const health = buildHealthReport(app.gateway, app.facts);
  const report: StatusReport = {
    running: true,
    mode: app.facts.transport,
    pid: process.pid,
    version: app.facts.version,
    started_at: app.facts.startedAt.toISOString(),
    uptime_s: Math.round((Date.now() - app.facts.startedAt.getTime()) / 1000),
    lock_dir: app.paths.lockDir,
    catalog_tools: app.gateway.index.size,
    sessions,
    servers: health.servers.map((server) => {
      const entry: StatusReport['servers'][number] = { name: server.name, state: server.state };
      if (server.tools !== undefined) entry.tools = server.tools;
      if (server.cached_tools !== undefined) entry.cached_tools = server.cached_tools;
      if (server.pid !== undefined) entry.pid = server.pid;
      if (server.last_error !== undefined) entry.last_error = server.last_error;
      return entry;
    }),
    config_problems: health.config_problems.length,
    tokens: app.ledger.report(),
  };
  if (url !== undefined) report.url = url;
  return report;
}
