// The flags every way of running the engine shares (serve, serve --http, the CLI's in-process engine), as app options.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Exposure } from '../gateway/direct/direct-exposure.js';
import type { PrefixMode } from '../gateway/direct/direct-tools.js';
import type { NameStyleSetting } from '../gateway/tool-names.js';
import type { GatewayAppOptions } from './create-gateway-app.js';

export interface ServeOptions {
  config?: string;
  policy?: string;
  names: NameStyleSetting;
  exposure?: Exposure;
  prefix?: PrefixMode;
}

export function appOptions(options: ServeOptions, transport: 'stdio' | 'http'): GatewayAppOptions {
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
