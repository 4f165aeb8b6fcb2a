// The process's one way out: signals and the unhandled-rejection net lead to one `stop` (service, then app, then exit).
import type { HttpService } from '../http/http-service.js';
import type { GatewayApp } from './create-gateway-app.js';

/** How long shutdown may take before the process exits anyway (children get their staged kill first). */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/** Installs the handlers; returns the one `stop` that closes service, then app, then exits. */
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
      await service()
        ?.close()
        .catch(() => undefined);
      // Every close step runs even when one fails, and each failure is logged there: exit regardless.
      await app.close().catch(() => undefined);
    })().finally(() => process.exit(0));
  };
  // One failed promise somewhere (a downstream transport, a stray timer) must not end every session.
  process.on('unhandledRejection', (reason) =>
    app.logger.error({ err: reason }, 'unhandled rejection (the gateway keeps serving)'),
  );
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
