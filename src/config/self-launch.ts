// Recognizes a server entry that would launch toolgate itself, which must never be started by toolgate.
import path from 'node:path';
import { isPathLike, realPath, resolveConfigPath } from './config-path.js';
import type { StdioServerEntry } from './server-entry.js';

/** Package runners that take a package name as an argument (`npx toolgate`, `pnpm dlx toolgate@1`). */
const PACKAGE_RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'pnpm', 'yarn', 'npm', 'bun']);
const PACKAGE_ARG = /^toolgate(@[^\s/]+)?$/;
const CLI_SCRIPT_SUFFIX = 'toolgate/dist/toolgate.js';

/** Both the given and the real path of each script, so a symlinked install still matches. */
export async function resolveSelfScripts(scripts: readonly string[]): Promise<ReadonlySet<string>> {
  const resolved = new Set<string>();
  for (const script of scripts) {
    resolved.add(path.resolve(script));
    const real = await realPath(script);
    if (real !== undefined) resolved.add(real);
  }
  return resolved;
}

export interface SelfLaunchOptions {
  selfScripts: ReadonlySet<string>;
  /** Where relative script arguments are resolved: the entry's cwd, else its config file's folder. */
  baseDir: string;
  homeDir: string;
}

/** Returns why the entry launches toolgate, or undefined when it does not. */
export async function detectSelfLaunch(
  entry: StdioServerEntry,
  options: SelfLaunchOptions,
): Promise<string | undefined> {
  let command = entry.command;
  let args = entry.args;
  // Windows configs wrap runners as `cmd /c npx ...`.
  if (commandName(command) === 'cmd' && args[0]?.toLowerCase() === '/c' && args[1] !== undefined) {
    command = args[1];
    args = args.slice(2);
  }
  const name = commandName(command);
  // `toolgate wrap -- <server>` runs that server behind the gates, not a gateway: only the server is checked.
  const launch = (what: string, rest: readonly string[]) =>
    rest[0] === WRAP_SUBCOMMAND ? detectWrapped(entry, rest, options) : what;
  if (name === 'toolgate') return launch('the toolgate command', args);
  const packageAt = PACKAGE_RUNNERS.has(name) ? args.findIndex((arg) => PACKAGE_ARG.test(arg)) : -1;
  if (packageAt !== -1) return launch(`${name} ${args[packageAt]}`, args.slice(packageAt + 1));

  const line = [command, ...args];
  for (const [index, candidate] of line.entries()) {
    const normalized = candidate.replaceAll('\\', '/');
    if (normalized === CLI_SCRIPT_SUFFIX || normalized.endsWith(`/${CLI_SCRIPT_SUFFIX}`))
      return launch("toolgate's CLI script", line.slice(index + 1));
    if (options.selfScripts.size === 0 || !isPathLike(candidate)) continue;
    const resolved = resolveConfigPath(candidate, options.baseDir, options.homeDir);
    if (options.selfScripts.has(resolved)) return launch("toolgate's own entry script", line.slice(index + 1));
    const real = await realPath(resolved);
    if (real !== undefined && options.selfScripts.has(real))
      return launch("toolgate's own entry script", line.slice(index + 1));
  }
  return undefined;
}

/** `wrap [flags] -- <command> [args]`: the wrapped command may itself be toolgate (`wrap -- toolgate serve`). */
async function detectWrapped(
  entry: StdioServerEntry,
  rest: readonly string[],
  options: SelfLaunchOptions,
): Promise<string | undefined> {
  const separator = rest.indexOf('--');
  const command = separator === -1 ? undefined : rest[separator + 1];
  if (command === undefined) return undefined;
  const inner = await detectSelfLaunch({ ...entry, command, args: rest.slice(separator + 2) }, options);
  return inner === undefined ? undefined : `toolgate wrap around ${inner}`;
}

const WRAP_SUBCOMMAND = 'wrap';

/** `C:\\bin\\toolgate.cmd` and `/usr/bin/toolgate` both name `toolgate`. */
function commandName(command: string): string {
  return path.posix
    .basename(command.replaceAll('\\', '/'))
    .toLowerCase()
    .replace(/\.(cmd|exe|bat|ps1)$/, '');
}
