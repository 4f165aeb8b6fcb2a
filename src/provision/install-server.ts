// Turns a provisionable server into a servers.json entry, installing its package first where there is one.
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatewayError } from '../errors/index.js';
import { isPinnedDockerImage, launchSpecOf, runMethodOf, type ManifestServer } from '../manifest/index.js';
import type { CredentialState } from './credentials.js';
import { installNpmPackage } from './npm-installer.js';
import { validatePackageSpec } from './package-spec.js';
import type { ProvisionableServer } from './provisionable-catalog.js';
import { runCommand } from './run-command.js';
import type { ServersFileEntry } from './servers-file.js';

/** `uvx --version`, the install step of a PyPI server, must answer within this. */
export const UVX_CHECK_TIMEOUT_MS = 10_000;
/** uv's package cache of a PyPI server, inside its folder under TOOLGATE_HOME/servers. */
export const UV_CACHE_FOLDER = 'uv-cache';

export interface InstallContext {
  serversDir: string;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  signal: AbortSignal;
  onOutput: (chunk: string) => void;
}

/** Checks the package grammar before anything runs; throws INVALID_ARGUMENTS naming the bad field. */
export function validateRunMethod(server: ManifestServer): void {
  if (server.npm) validatePackageSpec({ ecosystem: 'npm', name: server.npm.package, version: server.npm.version });
  if (server.pypi) validatePackageSpec({ ecosystem: 'pypi', name: server.pypi.package, version: server.pypi.version });
  if (server.docker && !isPinnedDockerImage(server.docker.image)) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Expected a docker image pinned by tag or digest, received ${JSON.stringify(server.docker.image.slice(0, 80))}; nothing was run.`,
      {
        hint: 'Register the server with an image such as org/name:1.2.3.',
      },
    );
  }
}

export async function installServer(
  provisionable: ProvisionableServer,
  credentials: readonly CredentialState[],
  context: InstallContext,
): Promise<ServersFileEntry> {
  const { server } = provisionable;
  validateRunMethod(server);
  const spec = launchSpecOf(server);
  const method = runMethodOf(server);
  const provenance = {
    origin: provisionable.origin,
    method,
    ...packageOf(server),
    provisioned_at: new Date().toISOString(),
  };
  const base = { description: server.description, toolgate: provenance };
  if (spec.kind === 'remote') return { ...base, type: spec.transport, url: spec.url, headers: spec.headers };
  // Credentials found in the environment are passed through by name; stored secrets are added by the pool at spawn.
  const env = Object.fromEntries(
    credentials.filter((state) => state.found === 'environment').map((state) => [state.name, `\${${state.name}}`]),
  );
  const run = { timeoutMs: context.timeoutMs, env: context.env, signal: context.signal, onOutput: context.onOutput };
  if (server.npm) {
    const installed = await installNpmPackage({
      serversDir: context.serversDir,
      server: server.name,
      name: server.npm.package,
      version: server.npm.version,
      ...(server.npm.bin === undefined ? {} : { bin: server.npm.bin }),
      installScripts: server.npm.install_scripts === true,
      ...run,
    });
    // A fresh provision has no earlier install worth keeping (a leftover folder is replaced for good).
    await installed.discardPrevious();
    // Run the installed bin with node: no npx resolution (~400 ms) on every start, and no network.
    return { ...base, command: 'node', args: [installed.binPath, ...(server.npm.args ?? [])], env };
  }
  if (server.pypi) {
    // uvx resolves the pinned package on the first start; checking uvx is there is the install step. Its cache
    // lives in the server's own folder under TOOLGATE_HOME (removed with it), not in the user's global uv cache.
    await runCommand({ command: 'uvx', args: ['--version'], ...run, timeoutMs: UVX_CHECK_TIMEOUT_MS });
    const cacheDir = path.join(context.serversDir, server.name, UV_CACHE_FOLDER);
    await fs.mkdir(cacheDir, { recursive: true, mode: 0o700 });
    return { ...base, command: spec.command, args: spec.args, env: { ...env, UV_CACHE_DIR: cacheDir } };
  }
  if (server.docker) {
    await runCommand({ command: 'docker', args: ['pull', server.docker.image], ...run });
  }
  return { ...base, command: spec.command, args: spec.args, env };
}

/** Removes a server's install folder (a rolled-back or replaced install). */
export async function removeInstall(serversDir: string, server: string): Promise<void> {
  await fs.rm(path.join(serversDir, server), { recursive: true, force: true });
}

function packageOf(server: ManifestServer): { package?: string; version?: string } {
  if (server.npm) return { package: server.npm.package, version: server.npm.version };
  if (server.pypi) return { package: server.pypi.package, version: server.pypi.version };
  if (server.docker) return { package: server.docker.image };
  return {};
}
