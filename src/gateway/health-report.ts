// The health report: gateway facts and each server's state, with no secret in it.
import { redactJson } from '../redaction/index.js';
import type { Gateway } from './gateway.js';
import type { TokenReport, TokenView } from './token-ledger.js';

export interface GatewayFacts {
  version: string;
  transport: 'stdio' | 'http';
  exposure: string;
  nameStyle: string;
  startedAt: Date;
  /** Lock ownership facts, read when the report is built. */
  lock: () => Record<string, unknown>;
  /** Per-session token accounting (TokenLedger.report); absent when nothing counts. */
  tokens?: (view?: TokenView) => TokenReport;
}

export interface ServerHealth {
  name: string;
  state: 'idle' | 'starting' | 'ready' | 'failed' | 'closed' | 'disabled';
  transport?: string;
  source: string;
  tools?: number;
  cached_tools?: number;
  pid?: number;
  started_at?: string;
  policy?: 'denied';
  last_error?: unknown;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  gateway: Record<string, unknown>;
  servers: ServerHealth[];
  config_problems: { file: string; message: string }[];
  skipped: { name: string; source: string; reason: string }[];
  tokens?: TokenReport;
}

/** `view`: who asks; a session sees itself marked and the others by label only (never their ids). */
export function buildHealthReport(gateway: Gateway, facts: GatewayFacts, view: TokenView = {}): HealthReport {
  const policy = gateway.policy;
  // Failures quote downstream text (messages, stderr lines), which may carry a credential.
  const redact = (value: unknown): unknown => redactJson(value, (text) => policy.redact(text));
  const servers: ServerHealth[] = gateway.pool.status().map((status) => {
    const health: ServerHealth = {
      name: status.name,
      state: status.state,
      transport: status.transport,
      source: status.source,
    };
    if (status.tools !== undefined) health.tools = status.tools;
    else {
      const cached = gateway.index.all({
        server: status.name,
        includeOffline: true,
        isOnline: () => false,
        isVisible: () => true,
      }).length;
      if (cached) health.cached_tools = cached;
    }
    if (status.pid !== undefined) health.pid = status.pid;
    if (status.startedAt) health.started_at = status.startedAt;
    if (!policy.decideServer(status.name).allowed) health.policy = 'denied';
    if (status.lastError) health.last_error = redact(status.lastError);
    return health;
  });
  for (const disabled of gateway.config.disabled) {
    servers.push({
      name: disabled.name,
      state: 'disabled',
      source: disabled.source,
      last_error: redact({ message: disabled.error }),
    });
  }
  const degraded =
    servers.some((server) => server.state === 'failed' || server.state === 'disabled') ||
    gateway.config.problems.length > 0;
  return {
    status: degraded ? 'degraded' : 'ok',
    gateway: {
      version: facts.version,
      pid: process.pid,
      uptime_s: Math.round((Date.now() - facts.startedAt.getTime()) / 1000),
      transport: facts.transport,
      exposure: facts.exposure,
      name_style: facts.nameStyle,
      catalog_tools: gateway.configuredToolCount(),
      not_installed_tools: gateway.notInstalledToolCount(),
      policy_files: policy.sources,
      config_files: gateway.config.files
        .filter((file) => file.found)
        .map((file) => ({ path: file.path, role: file.role, servers: file.servers })),
      lock: facts.lock(),
    },
    servers,
    config_problems: gateway.config.problems,
    skipped: gateway.config.skipped,
    ...(facts.tokens ? { tokens: facts.tokens(view) } : {}),
  };
}
