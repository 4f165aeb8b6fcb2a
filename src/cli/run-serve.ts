// `toolgate serve` over stdio: become the gateway, or attach to the one already running for this user.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createGatewayApp, type GatewayApp } from '../app/create-gateway-app.js';
import { startGatewayService } from '../app/start-gateway-service.js';
import { resolvePaths } from '../config/paths.js';
import { controlSocketPath } from '../control/control-socket.js';
import { locateRunningGateway, type RunningGateway } from '../control/locate-gateway.js';
import { isGatewayError } from '../errors/index.js';
import type { Exposure } from '../gateway/direct/direct-exposure.js';
import type { PrefixMode } from '../gateway/direct/direct-tools.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import type { HttpService } from '../http/http-service.js';
import { createFileLogger } from '../log/file-logger.js';
import { runAttachBridge } from '../upstream/attach-bridge.js';
import { serveStdio, type StdioSession } from '../upstream/serve-stdio.js';

export interface ServeOptions {
  config?: string;
  policy?: string;
  names: NameStyleSetting;
  exposure?: Exposure;
  prefix?: PrefixMode;
}

/** How long shutdown may take before the process exits anyway (children get their staged kill first). */
export const SHUTDOWN_DEADLINE_MS = 8_000;
/** How many times an attached process looks for, or tries to become, the next gateway when its own dies. */
const PROMOTE_ATTEMPTS = 5;

export function appOptions(options: ServeOptions, transport: 'stdio' | 'http') {
  return {
    env: process.env,
    cwd: process.cwd(),
    homeDir: os.homedir(),
    nameStyle: options.names,
    transport,
    // The running script: the bundle in dist/, or src/cli/main.ts under tsx.
    selfScripts: [fileURLToPath(import.meta.url), process.argv[1] ?? ''].filter(Boolean),
    ...(options.exposure === undefined ? {} : { exposure: options.exposure }),
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.config === undefined ? {} : { configPath: options.config }),
    ...(options.policy === undefined ? {} : { policyPath: options.policy }),
  };
}

export async function runServe(options: ServeOptions): Promise<void> {
  const paths = resolvePaths(process.env, os.homedir());
  const running = await locateRunningGateway(paths.lockDir);
  if (running) return attach(running, options, paths.lockDir, paths.logsDir);
  let app: GatewayApp;
  try {
    app = await createGatewayApp(appOptions(options, 'stdio'));
  } catch (error) {
    // Lost a start race to another gateway: attach to the winner.
    const winner = isGatewayError(error) && error.code === 'LOCK_HELD' ? await locateRunningGateway(paths.lockDir) : undefined;
    if (winner) return attach(winner, options, paths.lockDir, paths.logsDir);
    throw error;
  }
  await servePrimary(app, options);
}

/**
 * This process owns the pool: it serves its own client on stdio and other local clients on the control
 * socket. When its own client leaves it stays up while attached sessions remain, then exits.
 */
async function servePrimary(app: GatewayApp, options: ServeOptions): Promise<void> {
  let clientGone = false;
  // eslint-disable-next-line prefer-const -- read by callbacks created before it is assigned
  let stdioSession: StdioSession | undefined;
  // eslint-disable-next-line prefer-const -- read by callbacks created before it is assigned
  let service: HttpService | undefined;
  const stop = installShutdown(
    app,
    () => service,
    () => (clientGone && (service?.sessions.size ?? 0) > 0 ? `${service?.sessions.size} attached session(s) still use this gateway` : undefined),
  );
  service = await startGatewayService(app, {
    nameStyle: options.names,
    extraSessions: () =>
      stdioSession && !clientGone
        ? [{ id: stdioSession.id, kind: 'stdio', created_at: stdioSession.startedAt.toISOString(), idle_ms: 0, open_streams: 1, ...clientOf(stdioSession) }]
        : [],
    onSessionClosed: () => {
      if (clientGone && service?.sessions.size === 0) stop('the last attached session ended');
    },
  });
  stdioSession = await serveStdio({
    createServer: (sessionId, logger) => app.createSessionServer(sessionId, logger),
    logger: app.logger,
    onClose: (reason) => {
      clientGone = true;
      if (stdioSession) {
        app.gateway.pending.cancelSession(stdioSession.id);
        app.ledger.endSession(stdioSession.id);
      }
      const attached = service?.sessions.size ?? 0;
      if (attached === 0) return stop(reason);
      app.logger.info({ attached }, 'the stdio client left; serving the attached sessions until they end');
    },
  });
}

function clientOf(session: StdioSession): { client?: string } {
  const name = session.clientName();
  return name === undefined ? {} : { client: name };
}

/**
 * Relays this client to the running gateway. If that gateway dies (its own client may kill it), this
 * process finds the next one or becomes it: it takes the lock, serves the control socket, and keeps
 * relaying to itself; it then lives while any attached session does.
 */
async function attach(running: RunningGateway, options: ServeOptions, lockDir: string, logsDir: string): Promise<void> {
  const log = createFileLogger({ logsDir, level: process.env.TOOLGATE_LOG_LEVEL, stderr: false });
  const logger = log.logger.child({ attach: process.pid });
  logger.info({ owner: running.owner.pid }, 'attached to the running gateway');
  let promoted: { app: GatewayApp; service: HttpService; stop: (reason: string) => void } | undefined;
  let bridgeGone = false;

  const promote = async (): Promise<string> => {
    for (let attempt = 0; attempt < PROMOTE_ATTEMPTS; attempt++) {
      const other = await locateRunningGateway(lockDir);
      if (other) return other.socketPath;
      try {
        const app = await createGatewayApp(appOptions(options, 'stdio'));
        // eslint-disable-next-line prefer-const -- read by callbacks created before it is assigned
        let service: HttpService | undefined;
        const others = () => (bridgeGone && (service?.sessions.size ?? 0) > 0 ? `${service?.sessions.size} attached session(s) still use this gateway` : undefined);
        const stop = installShutdown(app, () => service, others);
        service = await startGatewayService(app, {
          nameStyle: options.names,
          onSessionClosed: () => {
            if (bridgeGone && service?.sessions.size === 0) stop('the last attached session ended');
          },
        });
        promoted = { app, service, stop };
        app.logger.warn({ previous_owner: running.owner.pid }, 'the gateway this client was attached to is gone; this process took over');
        return controlSocketPath(lockDir, app.lock?.owner.socket);
      } catch (error) {
        if (!(isGatewayError(error) && error.code === 'LOCK_HELD')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error('no gateway could be found or started after the previous one went away');
  };

  await runAttachBridge({
    socketPath: running.socketPath,
    logger,
    recover: promote,
    onClose: (reason) => {
      logger.info({ reason }, 'attach bridge ended');
      log.flush();
      if (!promoted) process.exit(0);
      bridgeGone = true;
      if (promoted.service.sessions.size === 0) promoted.stop(reason);
    },
  });
}

/** Signals and the unhandled-rejection net; returns the one `stop` that closes service, then app, then exits. */
export function installShutdown(
  app: GatewayApp,
  service: () => HttpService | undefined,
  /** A reason to keep serving through one SIGTERM/SIGHUP (attached sessions after our own client left). */
  holdOn?: () => string | undefined,
): (reason: string) => void {
  let stopping = false;
  let deferred = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ reason }, 'shutting down');
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    void (async () => {
      await service()?.close().catch(() => undefined);
      await app.close();
    })().finally(() => process.exit(0));
  };
  // One failed promise somewhere (a downstream transport, a stray timer) must not end every session.
  process.on('unhandledRejection', (reason) => app.logger.error({ err: reason }, 'unhandled rejection (the gateway keeps serving)'));
  // A departing client closes stdin and then sends SIGTERM: while other clients are attached, the first
  // such signal is logged and ignored; a second one, or SIGINT, stops the gateway.
  const onTerminate = (signal: string) => {
    const reason = holdOn?.();
    if (reason && !deferred) {
      deferred = true;
      app.logger.warn({ signal, reason }, 'ignoring the first termination signal; send it again to stop now');
      return;
    }
    stop(signal);
  };
  process.on('SIGTERM', () => onTerminate('SIGTERM'));
  process.on('SIGHUP', () => onTerminate('SIGHUP'));
  process.once('SIGINT', () => stop('SIGINT'));
  return stop;
}
