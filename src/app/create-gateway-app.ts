// The composition root: reads settings, takes the lock, wires config, policy, pool, catalog and gateway.
import fs from 'node:fs';
import { discoverServers } from '../config/discover.js';
import { pathsFromSettings, type ToolgatePaths } from '../config/paths.js';
import { DirectoryToolCache } from '../catalog/tool-cache.js';
import { LearnedTerms } from '../gateway/learning/learned-terms.js';
import { DEFAULT_FIRST_INDEX_WAIT_MS } from '../gateway/gateway.js';
import { ToolIndex } from '../catalog/tool-index.js';
import { ChildRecords, childRecordsDir } from '../downstream/child-records.js';
import { createTransportFactory, type TransportFactory } from '../downstream/create-transport.js';
import { maintenanceSettings } from '../downstream/lifecycle-settings.js';
import { reapOrphans } from '../downstream/reap-orphans.js';
import { ServerPool, type ServerPoolOptions } from '../downstream/server-pool.js';
import type { Server } from '@modelcontextprotocol/server';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { DirectExposure, type Exposure } from '../gateway/direct/direct-exposure.js';
import type { PrefixMode } from '../gateway/direct/direct-tools.js';
import { flatExposureOf } from '../gateway/flat-exposure.js';
import { CLI_CLIENT_NAME, createSessionServer } from '../upstream/session-server.js';
import { Gateway, type GatewaySnapshot } from '../gateway/gateway.js';
import type { GatewayFacts } from '../gateway/health-report.js';
import type { MetaTool } from '../gateway/meta-tool.js';
import { createCoreMetaTools } from '../gateway/meta-tools/index.js';
import { PolicyView } from '../gateway/policy-view.js';
import { TokenLedger } from '../gateway/token-ledger.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import { acquireSingletonLock, type SingletonLock } from '../lock/singleton-lock.js';
import { createFileLogger } from '../log/file-logger.js';
import type { Logger } from '../log/logger.js';
import { createSecretTextRedactor } from '../redaction/index.js';
import { gateMetaTools } from '../gateway/invoke/meta-tool-gates.js';
import { createProvisioning } from '../provision/create-provisioning.js';
import type { ScopedSecrets } from '../secrets/scoped-secrets.js';
import { settingsFromEnv } from '../settings/parse-settings.js';
import { closeInOrder } from './close-in-order.js';
import { loadPolicyAndSecrets } from './load-policy-and-secrets.js';
import { reportUntrusted } from './project-config.js';
import { toolgateVersion } from './version.js';

/** After start, the manifest snapshot is indexed this much later: the first tools/list is answered by then. */
export const CATALOG_WARM_DELAY_MS = 300;

export interface GatewayAppOptions {
  /** The environment settings are read from (never process.env directly, so tests can pass their own). */
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
  /** --config; falls back to the `config` setting of `env` (TOOLGATE_CONFIG). */
  configPath?: string;
  /** --policy; falls back to the `policy` setting of `env` (TOOLGATE_POLICY). */
  policyPath?: string;
  nameStyle: NameStyleSetting;
  /** What clients see: meta-tools only (default), plus pinned tools (hybrid), or every tool directly (flat). */
  exposure?: Exposure;
  /** Names of directly exposed tools: `server__tool` (default) or the server's own (`never`). */
  prefix?: PrefixMode;
  transport: 'stdio' | 'http';
  /** toolgate's own entry scripts, so a config entry launching toolgate is skipped. */
  selfScripts: string[];
  /** Also print warnings to stderr. */
  logToStderr?: boolean;
  /** Tests inject in-memory transports here. */
  createTransport?: TransportFactory;
  /** Tests inject a pool here (one whose close fails, say); default a ServerPool. */
  createPool?: (options: ServerPoolOptions) => ServerPool;
  /**
   * Default true. One-shot CLI commands (search, describe, call with no gateway running) pass false: they
   * run their own short-lived engine beside nothing and must not block a gateway from starting.
   */
  takeLock?: boolean;
}

export interface GatewayApp {
  gateway: Gateway;
  metaTools: MetaTool[];
  logger: Logger;
  paths: ToolgatePaths;
  facts: GatewayFacts;
  /** Token accounting per upstream session; session servers record into it. */
  ledger: TokenLedger;
  /** Flat or hybrid exposure; undefined in progressive mode. */
  direct?: DirectExposure;
  /** Each call's audit line (TOOLGATE_HOME/audit). */
  audit: AuditLog;
  /** The MCP server of one upstream session, in this gateway's exposure; `cli` only for toolgate's own CLI (it gets the meta-tools). */
  createSessionServer(sessionId: string, logger?: Logger, origin?: { cli?: boolean }): Server;
  /** The singleton lock, when this app took it. */
  lock?: SingletonLock;
  /**
   * Idempotent; fixed order: provisioning, downstream servers, audit log, child records, the lock, then the
   * log. Every step runs even when an earlier one fails; the failures are logged, then thrown as one AggregateError.
   */
  close(): Promise<void>;
}

export async function createGatewayApp(options: GatewayAppOptions): Promise<GatewayApp> {
  const { env } = options;
  const settings = settingsFromEnv(env);
  const paths = pathsFromSettings(settings, options.homeDir);
  // Read first: a bad TOOLGATE_IDLE_SHUTDOWN_MS / TOOLGATE_PING_* value stops start-up with the variable named.
  const lifecycle = maintenanceSettings(settings);
  fs.mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  const log = createFileLogger({
    logsDir: paths.logsDir,
    level: settings.logLevel,
    stderr: options.logToStderr ?? false,
    redact: createSecretTextRedactor(),
  });
  // Every credential value seen in this run: one dropped by a refresh may still sit in a running server's output.
  const loggedSecrets = new Set<string>();
  const logger = log.logger;
  const version = toolgateVersion();
  const explicitPolicy = options.policyPath ?? settings.policy;
  let policyFiles: string[] = [];

  let secrets: ScopedSecrets | undefined;
  const loadSnapshot = async (): Promise<GatewaySnapshot> => {
    // Read again at each refresh: a `toolgate trust` (or an edit of a trusted file) takes effect on refresh.
    // A policy that does not parse throws here: start-up stops, refresh keeps the old one.
    const loadedGates = await loadPolicyAndSecrets({
      paths,
      cwd: options.cwd,
      env,
      ...optional('explicitPolicy', explicitPolicy),
    });
    const { project, policy } = loadedGates;
    policyFiles = project.policyFiles;
    // Secrets first: a server's stored credentials fill the `${VAR}` templates of its entry.
    const loaded = project.secrets;
    const config = await discoverServers({
      cwd: options.cwd,
      homeDir: options.homeDir,
      paths,
      env,
      secretsFor: loaded.forScope,
      trust: project.trust,
      selfScripts: options.selfScripts,
      ...optional('explicitConfig', options.configPath ?? settings.config),
    });
    secrets = loaded;
    reportUntrusted(config, project);
    // A secrets file that cannot be used is a file problem like a config one: logged and listed by gateway.health.
    config.problems.push(...loaded.problems, ...project.problems);
    for (const problem of config.problems)
      logger.warn({ file: problem.file, problem: problem.message }, 'config file problem');
    for (const disabled of config.disabled)
      logger.warn({ server: disabled.name, problem: disabled.error }, 'server disabled');
    const knownSecrets = loadedGates.knownSecrets({ entries: config.servers.values() });
    for (const value of knownSecrets) loggedSecrets.add(value);
    log.setRedactor(createSecretTextRedactor([...loggedSecrets]));
    return { config, policy: new PolicyView(policy, knownSecrets) };
  };

  let initial: GatewaySnapshot;
  try {
    initial = await loadSnapshot();
  } catch (error) {
    log.flush();
    throw error;
  }
  const startedAt = new Date();
  const lock: SingletonLock | undefined =
    options.takeLock === false
      ? undefined
      : await acquireSingletonLock({
          dir: paths.lockDir,
          owner: { pid: process.pid, startedAt: startedAt.toISOString(), transport: options.transport, version },
          onCompromised: (error) => logger.error({ err: error.message }, 'the singleton lock was lost'),
        }).catch((error: unknown) => {
          log.flush();
          throw error;
        });
  if (lock?.tookOver) logger.warn({ lock: paths.lockDir }, 'took over a lock left by a process that no longer runs');
  // Children recorded by a gateway that was killed (kill -9) and that outlived it are stopped before anything starts.
  if (lock) await reapOrphans({ dir: childRecordsDir(paths.home), logger });
  const children = new ChildRecords(childRecordsDir(paths.home), (error) =>
    logger.warn({ err: (error as Error).message }, 'could not update the child record'),
  );

  const pool = (options.createPool ?? ((poolOptions) => new ServerPool(poolOptions)))({
    createTransport: options.createTransport ?? createTransportFactory(options.env),
    secretsFor: (server, scope) => secrets?.forScope(server, scope) ?? {},
    logger,
    clientInfo: { name: 'toolgate', version },
    children,
    maintenance: lifecycle,
    // Called only once servers start, which is after `gateway` below exists.
    onToolsChanged: (server, tools) => gateway.onToolsChanged(server, tools),
    onNotification: (server, notification) => gateway.events.emit({ kind: 'notification', server, notification }),
  });
  // Every engine that runs calls records them, a CLI engine's one-off calls too: lines of several processes
  // append to the same day file whole (O_APPEND).
  const audit: AuditLog = createAuditLog({
    dir: paths.auditDir,
    redactKeys: (): readonly string[] => gateway.policy.policy.redactKeys,
    redactText: (text: string): string => gateway.policy.redact(text),
    onError: (error) => logger.warn({ err: error.message, dir: paths.auditDir }, 'could not write the audit log'),
  });
  const gateway = new Gateway({
    pool,
    index: new ToolIndex(),
    cache: new DirectoryToolCache(paths.toolCacheDir),
    learned: new LearnedTerms({ file: paths.learnedTermsFile, logger }),
    // A one-shot CLI engine answers one search with nothing started before it: it may wait for its servers.
    searchStartWaitMs: options.takeLock === false ? DEFAULT_FIRST_INDEX_WAIT_MS : settings.searchStartWaitMs,
    initial,
    reload: loadSnapshot,
    logger,
    audit,
  });
  await gateway.start();

  // What each session's surface and answers cost, against a flat exposure of the same tools (counted off the call path).
  const ledger = new TokenLedger({ flatTools: flatExposureOf(gateway), ignoreClients: [CLI_CLIENT_NAME] });
  const exposure = options.exposure ?? 'progressive';
  const direct =
    exposure === 'progressive' ? undefined : new DirectExposure(gateway, exposure, options.prefix ?? 'server');
  const facts: GatewayFacts = {
    version,
    transport: options.transport,
    exposure,
    nameStyle: options.nameStyle,
    startedAt,
    lock: () =>
      lock
        ? { dir: paths.lockDir, owner_pid: lock.owner.pid, took_over: lock.tookOver }
        : { dir: paths.lockDir, held: false },
    tokens: (view) => ledger.report(view),
  };
  // Reads nothing during start-up: the manifest and its tool snapshots load on first use or at the warm-up below.
  const provisioning = createProvisioning({
    gateway,
    facts,
    paths,
    env,
    settings,
    cwd: options.cwd,
    secretsFor: (server) => secrets?.store.forServer(server) ?? {},
    logger,
  });
  // A gateway that owns the pool serves for long: it indexes the manifest's snapshot soon after start, a
  // server per turn of the event loop, so the first search does not pay ~0.3 s for it. Short-lived CLI
  // engines (no lock) skip it; a search before the timer indexes everything itself.
  const warmUp = lock
    ? setTimeout(
        () =>
          void gateway
            .indexUninstalled(true)
            .catch((error: unknown) =>
              logger.warn({ err: (error as Error).message }, 'could not index the manifest ahead of the first search'),
            ),
        CATALOG_WARM_DELAY_MS,
      ).unref()
    : undefined;
  // No child may outlive the gateway, even on an exit path that skips close().
  const onExit = () => pool.terminateNow();
  process.on('exit', onExit);

  let closing: Promise<void> | undefined;
  // Those that change what runs (provision, update_server, register_discovered_server, auth_connect) pass the gates as gateway::<name>.
  const metaTools = gateMetaTools([...createCoreMetaTools(gateway, facts), ...provisioning.metaTools], {
    policy: () => gateway.policy,
    audit: () => audit,
  });
  const serverInfo = { name: 'toolgate', version };
  const app: GatewayApp = {
    gateway,
    metaTools,
    logger,
    paths,
    facts,
    ledger,
    ...(direct ? { direct } : {}),
    audit,
    createSessionServer: (sessionId, sessionLogger, origin) =>
      createSessionServer({
        metaTools,
        nameStyle: options.nameStyle,
        serverInfo,
        sessionId,
        logger: sessionLogger ?? logger.child({ session: sessionId }),
        ledger,
        ...(direct ? { direct } : {}),
        cli: origin?.cli === true,
      }),
    ...(lock ? { lock } : {}),
    close: () => {
      closing ??= (async () => {
        clearTimeout(warmUp);
        let poolClosed = false;
        try {
          await closeInOrder(
            [
              { name: 'provisioning', run: () => provisioning.close() },
              {
                name: 'downstream servers',
                run: async () => {
                  await gateway.close();
                  poolClosed = true;
                },
              },
              // After the pool: the last calls' lines are recorded by then.
              { name: 'audit log', run: () => audit.close() },
              { name: 'child records', run: () => children.close() },
              { name: 'lock', run: () => lock?.release() },
            ],
            (step, error) =>
              logger.error(
                { step, err: error instanceof Error ? error.message : String(error) },
                'a shutdown step failed; the next steps still run',
              ),
          );
          logger.info({}, 'gateway stopped');
        } finally {
          // A pool that failed to close may have children left: the exit hook still signals them.
          if (poolClosed) process.off('exit', onExit);
          log.flush();
        }
      })();
      return closing;
    },
  };
  logger.info({ servers: pool.names().length, tools: gateway.index.size, policy: policyFiles }, 'gateway started');
  return app;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}
