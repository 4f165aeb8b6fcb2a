// An attached process: relays its stdio client to the running gateway, and takes over when that gateway dies.
import { controlSocketPath } from '../control/control-socket.js';
import { locateRunningGateway, type RunningGateway } from '../control/locate-gateway.js';
import { isGatewayError } from '../errors/index.js';
import { settingsFromEnv } from '../settings/parse-settings.js';
import { createFileLogger } from '../log/file-logger.js';
import { runAttachBridge } from '../upstream/attach-bridge.js';
import { createGatewayApp } from './create-gateway-app.js';
import { serveLocalGateway, type LocalGateway } from './serve-local-gateway.js';
import { appOptions, type ServeOptions } from './serve-options.js';

/** How many times an attached process looks for, or tries to become, the next gateway when its own dies. */
const PROMOTE_ATTEMPTS = 5;
/** The pause between those attempts, while another process may be taking the lock. */
const PROMOTE_RETRY_DELAY_MS = 200;

/**
 * Relays this client to the running gateway. If that gateway dies (its own client may kill it), this
 * process finds the next one or becomes it: it takes the lock, serves the control socket, and keeps
 * relaying to itself; it then lives while any attached session does.
 */
export async function attachToGateway(
  running: RunningGateway,
  options: ServeOptions,
  lockDir: string,
  logsDir: string,
): Promise<void> {
  const log = createFileLogger({ logsDir, level: settingsFromEnv(process.env).logLevel, stderr: false });
  const logger = log.logger.child({ attach: process.pid });
  logger.info({ owner: running.owner.pid }, 'attached to the running gateway');
  let promoted: LocalGateway | undefined;
  let bridgeGone = false;

  const promote = async (): Promise<string> => {
    for (let attempt = 0; attempt < PROMOTE_ATTEMPTS; attempt++) {
      const other = await locateRunningGateway(lockDir);
      if (other) return other.socketPath;
      try {
        const app = await createGatewayApp(appOptions(options, 'stdio'));
        promoted = await serveLocalGateway(app, { nameStyle: options.names, ownClientGone: () => bridgeGone });
        app.logger.warn(
          { previous_owner: running.owner.pid },
          'the gateway this client was attached to is gone; this process took over',
        );
        return controlSocketPath(lockDir, app.lock?.owner.socket);
      } catch (error) {
        if (!(isGatewayError(error) && error.code === 'LOCK_HELD')) throw error;
        await new Promise((resolve) => setTimeout(resolve, PROMOTE_RETRY_DELAY_MS));
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
