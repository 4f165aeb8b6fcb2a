// `toolgate serve` over stdio: build the app, serve one session, shut down in order when it ends.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createGatewayApp } from '../app/create-gateway-app.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import { serveStdio } from '../upstream/serve-stdio.js';

export interface ServeOptions {
  config?: string;
  policy?: string;
  names: NameStyleSetting;
}

/** How long shutdown may take before the process exits anyway (children get their staged kill first). */
export const SHUTDOWN_DEADLINE_MS = 8_000;

export async function runServe(options: ServeOptions): Promise<void> {
  const app = await createGatewayApp({
    env: process.env,
    cwd: process.cwd(),
    homeDir: os.homedir(),
    nameStyle: options.names,
    transport: 'stdio',
    // The running script: the bundle in dist/, or src/cli/main.ts under tsx.
    selfScripts: [fileURLToPath(import.meta.url), process.argv[1] ?? ''].filter(Boolean),
    ...(options.config === undefined ? {} : { configPath: options.config }),
    ...(options.policy === undefined ? {} : { policyPath: options.policy }),
  });
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ reason }, 'shutting down');
    setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
    void app.close().finally(() => process.exit(0));
  };
  // One failed promise somewhere (a downstream transport, a stray timer) must not end every session.
  process.on('unhandledRejection', (reason) => app.logger.error({ err: reason }, 'unhandled rejection (the gateway keeps serving)'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGHUP', () => stop('SIGHUP'));
  await serveStdio({
    metaTools: app.metaTools,
    nameStyle: options.names,
    serverInfo: { name: 'toolgate', version: app.facts.version },
    logger: app.logger,
    onClose: stop,
  });
}
