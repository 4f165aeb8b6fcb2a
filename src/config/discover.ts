// Finds every downstream-server config file and merges them into one list, the closest source winning.
import { listConfigSources } from './config-sources.js';
import { loadConfigFile } from './load-config-file.js';
import type { ToolgatePaths } from './paths.js';
import { resolveSelfScripts } from './self-launch.js';
import type { DiscoveredConfig, EntryScope } from './server-entry.js';
import { NO_TRUST, type ProjectTrust } from '../trust/trust-list.js';

export interface DiscoverOptions {
  /** Start of the upward search for project `.mcp.json` files; also the base of a relative `explicitConfig`. */
  cwd: string;
  /** The user's home: `~/.mcp.json`, `~/.claude/.mcp.json`, and `~` in paths. */
  homeDir: string;
  /** `paths.serversFile` is toolgate's own server list. */
  paths: ToolgatePaths;
  /** `--config` / `TOOLGATE_CONFIG`: a path, which must exist. */
  explicitConfig?: string;
  /** For `${VAR}` interpolation; process.env is never read here. */
  env: Record<string, string | undefined>;
  /**
   * A server's stored credentials (secrets.json), also used for `${VAR}` in that server's entry; a stored
   * value wins over `env`, as it does in the child's environment. A project entry asks for scope `project`
   * and never gets what the user stored for a same-name server. Default: none.
   */
  secretsFor?: (server: string, scope: EntryScope) => Readonly<Record<string, string>>;
  /** The project files the user trusted (`toolgate trust`); others are reported in `untrusted`. Default: none. */
  trust?: ProjectTrust;
  /** Absolute paths of toolgate's own entry script(s); an entry running one is skipped. Default: none. */
  selfScripts?: string[];
}

/**
 * Never throws for bad input: unreadable or malformed files become `problems`, bad entries become
 * `disabled`. A name is decided by its closest entry, whatever that entry's outcome, so a broken or
 * disabled project entry is reported rather than silently replaced by a farther one.
 */
export async function discoverServers(options: DiscoverOptions): Promise<DiscoveredConfig> {
  const sources = await listConfigSources({
    cwd: options.cwd,
    homeDir: options.homeDir,
    serversFile: options.paths.serversFile,
    ...(options.explicitConfig === undefined ? {} : { explicitConfig: options.explicitConfig }),
  });
  const context = {
    env: options.env,
    homeDir: options.homeDir,
    selfScripts: await resolveSelfScripts(options.selfScripts ?? []),
    trust: options.trust ?? NO_TRUST,
    ...(options.secretsFor === undefined ? {} : { secretsFor: options.secretsFor }),
  };
  const loaded = await Promise.all(sources.map((source) => loadConfigFile(source, context)));

  const untrusted: NonNullable<DiscoveredConfig['untrusted']> = [];
  const config: DiscoveredConfig = {
    servers: new Map(),
    disabled: [],
    skipped: [],
    problems: [],
    files: [],
    untrusted,
  };
  const decided = new Set<string>();
  sources.forEach((source, index) => {
    const file = loaded[index] ?? { found: false, outcomes: [] };
    if (source.role === 'explicit' && !file.found) {
      config.problems.push({
        file: source.path,
        message: `The config file given by --config or TOOLGATE_CONFIG was not found: expected a JSON file at ${source.path}, received no such file. Check the path (a relative one resolves against ${options.cwd}), or unset TOOLGATE_CONFIG.`,
      });
    }
    if (file.problem !== undefined) config.problems.push({ file: source.path, message: file.problem });
    if (file.untrusted !== undefined) untrusted.push({ file: source.path, folder: options.cwd, ...file.untrusted });
    config.files.push({
      path: source.path,
      role: source.role,
      found: file.found,
      servers: file.outcomes.filter((outcome) => outcome.kind === 'server').length,
    });
    for (const outcome of file.outcomes) {
      if (decided.has(outcome.name)) continue;
      decided.add(outcome.name);
      if (outcome.kind === 'server') config.servers.set(outcome.name, outcome.entry);
      else if (outcome.kind === 'disabled') config.disabled.push(outcome.disabled);
      else config.skipped.push(outcome.skipped);
    }
  });
  return config;
}
