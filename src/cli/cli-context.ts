// What the file-based commands (setup, doctor, logs, init, secrets) read from the process, gathered once.
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathsFromSettings, type ToolgatePaths } from '../config/paths.js';
import { parseSettings, type Settings, type SettingsInput } from '../settings/parse-settings.js';

export interface CliContext {
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
  /** Parsed once from the environment and this command's setting flags. */
  settings: Settings;
  paths: ToolgatePaths;
}

export function cliContext(flags?: SettingsInput['flags']): CliContext {
  const homeDir = os.homedir();
  const settings = parseSettings({ env: process.env, ...(flags === undefined ? {} : { flags }) });
  return { env: process.env, cwd: process.cwd(), homeDir, settings, paths: pathsFromSettings(settings, homeDir) };
}

/**
 * The toolgate program a client should run: this bundle (dist/toolgate.js, symlinks resolved), or,
 * when the CLI runs from src/ under tsx, the bundle the build puts beside the sources.
 */
export function toolgateScriptPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return realpathOrSelf(here);
  return path.resolve(path.dirname(here), '..', '..', 'dist', 'toolgate.js');
}

export function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
