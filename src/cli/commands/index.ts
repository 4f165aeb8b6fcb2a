// Every CLI command, in the order `toolgate --help` lists them. Each module registers one command.
import type { Command } from 'commander';
import { registerCall } from './call.js';
import { registerDescribe } from './describe.js';
import { registerDoctor } from './doctor.js';
import { registerInit } from './init.js';
import { registerLogs } from './logs.js';
import { registerManifest } from './manifest.js';
import { registerProvision } from './provision.js';
import { registerRefresh } from './refresh.js';
import { registerSearch } from './search.js';
import { registerSecrets } from './secrets.js';
import { registerServe } from './serve.js';
import { registerSetup } from './setup.js';
import { registerStatus } from './status.js';
import { registerTrust } from './trust.js';
import { registerUpdate } from './update.js';
import { registerWrap } from './wrap.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerServe,
  registerStatus,
  registerRefresh,
  registerSearch,
  registerDescribe,
  registerCall,
  registerProvision,
  registerUpdate,
  registerManifest,
  registerLogs,
  registerDoctor,
  registerSetup,
  registerInit,
  registerSecrets,
  registerTrust,
  registerWrap,
];
