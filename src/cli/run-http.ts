// `toolgate serve --http`: starts the shared service (app/run-http-gateway.ts) and says where it listens.
import { runHttpGateway, type HttpServeOptions } from '../app/run-http-gateway.js';

export async function runHttp(options: HttpServeOptions): Promise<void> {
  const started = await runHttpGateway(options);
  if (started.noToken) {
    process.stderr.write(
      `toolgate: WARNING: --unsafe-no-token: any local account (and any program of any user) can use ${started.url} to run your tools and read your files as you. Drop the flag to require the token.\n`,
    );
  }
  process.stderr.write(`toolgate: serving MCP at ${started.url} (legacy SSE at /sse), ${started.tokenLabel}\n`);
}
