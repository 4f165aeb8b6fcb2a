// A gateway that owns the pool, on the control socket, with shutdown installed: what both the first process and a takeover run.
import { countOf } from '../errors/index.js';
import type { HttpService } from '../http/http-service.js';
import type { StatusSession } from './status-report.js';
import type { GatewayApp } from './create-gateway-app.js';
import { installShutdown } from './install-shutdown.js';
import type { ServeOptions } from './serve-options.js';
import { startGatewayService } from './start-gateway-service.js';

export interface LocalGatewayOptions {
  nameStyle: ServeOptions['names'];
  /** True once this process's own client (stdio, or the relay of an attached process) has left. */
  ownClientGone: () => boolean;
  /** Sessions served outside the HTTP service (the primary stdio client), for status. */
  extraSessions?: () => StatusSession[];
}

export interface LocalGateway {
  service: HttpService;
  /** Closes service, then app, then exits; runs once. */
  stop: (reason: string) => void;
}

/**
 * After its own client left, the gateway lives while attached sessions do: the last one to end stops it, and
 * the first SIGTERM/SIGHUP is held while any remain.
 */
export async function serveLocalGateway(app: GatewayApp, options: LocalGatewayOptions): Promise<LocalGateway> {
  // eslint-disable-next-line prefer-const -- read by callbacks created before it is assigned
  let service: HttpService | undefined;
  const attached = () => service?.sessions.size ?? 0;
  const stop = installShutdown(
    app,
    () => service,
    () =>
      options.ownClientGone() && attached() > 0
        ? `${countOf(attached(), 'attached session')} still ${attached() === 1 ? 'uses' : 'use'} this gateway`
        : undefined,
  );
  service = await startGatewayService(app, {
    nameStyle: options.nameStyle,
    ...(options.extraSessions ? { extraSessions: options.extraSessions } : {}),
    onSessionClosed: () => {
      if (options.ownClientGone() && attached() === 0) stop('the last attached session ended');
    },
  });
  return { service, stop };
}
