// Installs one npm server package into its own folder under TOOLGATE_HOME/servers, all or nothing.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { swapInstall, type SwappedInstall } from './install-swap.js';
import { validatePackageSpec } from './package-spec.js';
import { runCommand } from './run-command.js';

/** An install that takes longer is stopped (a cold npm cache fetches ~100 packages; a minute is typical). */
export const DEFAULT_INSTALL_TIMEOUT_MS = 5 * 60_000;
/** Written beside node_modules so updates and status know what is installed. */
export const INSTALL_RECORD_FILE = 'toolgate-install.json';

export interface NpmInstallOptions {
  /** TOOLGATE_HOME/servers; each server gets `<serversDir>/<server>/`. */
  serversDir: string;
  /** A validated server name (safe as a folder name). */
  server: string;
  name: string;
  version: string;
  /** The bin to run when the package has several. */
  bin?: string;
  /** Run the packages' lifecycle scripts (preinstall, postinstall, ...). Default false: `--ignore-scripts`. */
  installScripts?: boolean;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
}

export interface InstalledPackage extends SwappedInstall {
  dir: string;
  /** Absolute path of the bin script, run with `node`. */
  binPath: string;
  name: string;
  version: string;
}

const packageJsonSchema = z.looseObject({
  version: z.string(),
  bin: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
});

export const installRecordSchema = z.object({
  name: z.string(),
  version: z.string(),
  bin: z.string(),
  installed_at: z.string(),
});

/**
 * npm installs into a fresh temporary folder beside the final one; only a complete install is
 * renamed into place, so a failed install leaves the previous state as it was. An older install is kept
 * aside until the caller discards it (the new one started) or restores it (the new one did not).
 */
export async function installNpmPackage(options: NpmInstallOptions): Promise<InstalledPackage> {
  validatePackageSpec({ ecosystem: 'npm', name: options.name, version: options.version });
  await fs.mkdir(options.serversDir, { recursive: true, mode: 0o700 });
  const staging = await fs.mkdtemp(path.join(options.serversDir, `.${options.server}.installing-`));
  try {
    await fs.writeFile(path.join(staging, 'package.json'), '{ "private": true }\n');
    await runCommand({
      command: 'npm',
      // `--` ends option parsing: whatever the spec holds, npm reads it as a package.
      // No lifecycle scripts unless the manifest entry says the package needs them: an install must not run code.
      args: [
        'install',
        '--prefix',
        staging,
        '--no-audit',
        '--no-fund',
        '--omit=dev',
        '--prefer-offline',
        ...(options.installScripts === true ? [] : ['--ignore-scripts']),
        '--',
        `${options.name}@${options.version}`,
      ],
      cwd: staging,
      env: options.env,
      timeoutMs: options.timeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    const relativeBin = await findBin(staging, options.name, options.bin);
    const manifest = packageJsonSchema.parse(
      JSON.parse(await fs.readFile(path.join(staging, 'node_modules', options.name, 'package.json'), 'utf8')),
    );
    const record = {
      name: options.name,
      version: manifest.version,
      bin: relativeBin,
      installed_at: new Date().toISOString(),
    };
    await fs.writeFile(path.join(staging, INSTALL_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    const dir = path.join(options.serversDir, options.server);
    const swapped = await swapInstall(staging, dir);
    return { ...swapped, dir, binPath: path.join(dir, relativeBin), name: options.name, version: manifest.version };
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The bin's path relative to the install folder; refuses one that points outside its package. */
async function findBin(prefix: string, name: string, wanted: string | undefined): Promise<string> {
  const packageDir = path.join(prefix, 'node_modules', name);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(packageDir, 'package.json'), 'utf8'));
  } catch (error) {
    throw new GatewayError('PROVISION_FAILED', `npm finished but ${name} is not in ${packageDir}.`, {
      hint: 'Provision again; if it repeats, report it with gateway_submit_feedback.',
      cause: error,
    });
  }
  const parsed = packageJsonSchema.safeParse(raw);
  const bin = parsed.success ? parsed.data.bin : undefined;
  const bins: Record<string, string> = typeof bin === 'string' ? { [name.split('/').pop() ?? name]: bin } : (bin ?? {});
  const names = Object.keys(bins);
  const chosen =
    wanted ?? (names.length === 1 ? names[0] : names.find((candidate) => candidate === name.split('/').pop()));
  const target = chosen === undefined ? undefined : bins[chosen];
  if (target === undefined) {
    throw new GatewayError(
      'PROVISION_FAILED',
      `${name} has ${names.length ? `the bins ${names.join(', ')}` : 'no bin'}, and none could be chosen${wanted ? ` (wanted "${wanted}")` : ''}.`,
      {
        hint: names.length
          ? 'Set npm.bin for this server to one of those names.'
          : 'This package is not a runnable server; pick another.',
      },
    );
  }
  const absolute = path.resolve(packageDir, target);
  if (!absolute.startsWith(packageDir + path.sep)) {
    throw new GatewayError(
      'PROVISION_FAILED',
      `${name}'s bin "${chosen}" points outside its package (${target}); refused.`,
      { hint: 'Pick another package.' },
    );
  }
  return path.relative(prefix, absolute);
}
