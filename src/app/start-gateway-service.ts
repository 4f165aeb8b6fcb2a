// Puts a built gateway app on HTTP: the local control socket always, a TCP listener for `serve --http`.
import { controlSocketPath, createControlSocketPath, releaseControlSocketPath } from '../control/control-socket.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import { startHttpService, type HttpService } from '../http/http-service.js';
import type { RequestGuardOptions } from '../http/request-guard.js';
import type { GatewayApp } from './create-gateway-app.js';
import { buildStatusReport, type StatusSession } from './status-report.js';

export interface GatewayServiceOptions {
  nameStyle: NameStyleSetting;
  tcp?: { host: string; port: number; guardFor: (boundPort: number) => RequestGuardOptions };
  maxBodyBytes?: number;
  sessionIdleMs?: number;
  maxSessions?: number;
  /** Sessions served outside the HTTP service (the primary stdio client), for status. */
  extraSessions?: () => StatusSession[];
  onSessionClosed?: () => void;
}

export async function startGatewayService(app: GatewayApp, options: GatewayServiceOptions): Promise<HttpService> {
  const socketPath = await createControlSocketPath(app.paths.lockDir);
  if (socketPath !== controlSocketPath(app.paths.lockDir)) await app.lock?.updateOwner({ socket: socketPath });
  const service: HttpService = await startHttpService({
    logger: app.logger,
    socketPath,
    createServer: (sessionId, kind) => app.createSessionServer(sessionId, undefined, { cli: kind === 'cli' }),
    status: (local) =>
      buildStatusReport(app, [...(options.extraSessions?.() ?? []), ...service.sessions.list()], service.url, {
        withIds: local,
      }),
    refresh: (params) => app.gateway.refresh(params),
    sessions: {
      ...(options.sessionIdleMs === undefined ? {} : { idleMs: options.sessionIdleMs }),
      ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
    },
    ...(options.tcp ? { tcp: options.tcp } : {}),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    onSessionClosed: (session) => {
      // The SDK aborts the session's handlers on close too; this also covers calls between handler and pool.
      app.gateway.pending.cancelSession(session.id);
      app.gateway.forgetSession(session.id);
      app.ledger.endSession(session.id);
      options.onSessionClosed?.();
    },
  }).catch(async (error: unknown) => {
    // A service that fails to start leaves no private socket folder behind either.
    await releaseControlSocketPath(app.paths.lockDir, socketPath);
    throw error;
  });
  if (service.url) await app.lock?.updateOwner({ url: service.url });
  const close = service.close;
  service.close = async () => {
    await close();
    await releaseControlSocketPath(app.paths.lockDir, socketPath);
  };
  return service;
}
