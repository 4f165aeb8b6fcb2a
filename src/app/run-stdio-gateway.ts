// `serve` over stdio: become the gateway, or attach to the one already running for this user.
import os from 'node:os';
import { resolvePaths } from '../config/paths.js';
import { locateRunningGateway } from '../control/locate-gateway.js';
import { isGatewayError } from '../errors/index.js';
import { serveStdio, type StdioSession } from '../upstream/serve-stdio.js';
import { attachToGateway } from './attach-to-gateway.js';
import { createGatewayApp, type GatewayApp } from './create-gateway-app.js';
import { serveLocalGateway, type LocalGateway } from './serve-local-gateway.js';
import { appOptions, type ServeOptions } from './serve-options.js';

export async function runStdioGateway(options: ServeOptions): Promise<void> {
  const paths = resolvePaths(process.env, os.homedir());
  const running = await locateRunningGateway(paths.lockDir);
  if (running) return attachToGateway(running, options, paths.lockDir, paths.logsDir);
  let app: GatewayApp;
  try {
    app = await createGatewayApp(appOptions(options, 'stdio'));
  } catch (error) {
    // Lost a start race to another gateway: attach to the winner.
    const winner =
      isGatewayError(error) && error.code === 'LOCK_HELD' ? await locateRunningGateway(paths.lockDir) : undefined;
    if (winner) return attachToGateway(winner, options, paths.lockDir, paths.logsDir);
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
  const local: LocalGateway = await serveLocalGateway(app, {
    nameStyle: options.names,
    ownClientGone: () => clientGone,
    extraSessions: () =>
      stdioSession && !clientGone
        ? [
            {
              id: stdioSession.id,
              kind: 'stdio',
              created_at: stdioSession.startedAt.toISOString(),
              idle_ms: 0,
              open_streams: 1,
              ...clientOf(stdioSession),
            },
          ]
        : [],
  });
  stdioSession = await serveStdio({
    createServer: (sessionId, logger) => app.createSessionServer(sessionId, logger),
    logger: app.logger,
    onClose: (reason) => {
      clientGone = true;
      if (stdioSession) {
        app.gateway.pending.cancelSession(stdioSession.id);
        app.gateway.forgetSession(stdioSession.id);
        app.ledger.endSession(stdioSession.id);
      }
      const attached = local.service.sessions.size;
      if (attached === 0) return local.stop(reason);
      app.logger.info({ attached }, 'the stdio client left; serving the attached sessions until they end');
    },
  });
}

function clientOf(session: StdioSession): { client?: string } {
  const name = session.clientName();
  return name === undefined ? {} : { client: name };
}
