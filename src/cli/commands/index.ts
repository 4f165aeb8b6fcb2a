// Every CLI command, in the order `toolgate --help` lists them. Each module registers one command.
import type { Command } from 'commander';
import { registerServe } from './serve.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerServe];
