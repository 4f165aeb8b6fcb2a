// gateway.update_server: a provisioned npm server moved to another exact version (the manifest's or npm's latest), then reconnected.
import semver from 'semver';
import { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { installNpmPackage } from './npm-installer.js';
import { validatePackageSpec } from './package-spec.js';
import type { ProvisionJob } from './provision-jobs.js';
import { assertServerName, type Provisioner } from './provisioner.js';
import { runCommand } from './run-command.js';
import type { Provenance } from './servers-file.js';

/** `npm view` must answer within this. */
export const VERSION_QUERY_TIMEOUT_MS = 30_000;

export class ServerUpdater {
  constructor(private readonly provisioner: Provisioner) {}

  /** `version`: an exact version, `latest` (asks npm), or undefined (the manifest's version, else latest). */
  async update(server: string, version: string | undefined): Promise<ProvisionJob> {
    assertServerName(server);
    // Shares the provisioner's per-server slot: a second update, or a provision, joins this job.
    return this.provisioner.exclusive(server, () => this.startJob(server, version));
  }

  private async startJob(server: string, version: string | undefined): Promise<ProvisionJob> {
    const { serversFile, jobs } = this.provisioner.options;
    this.provisioner.assertAllowed(server);
    const entry = await serversFile.get(server);
    const provenance = serversFile.provenanceOf(entry);
    if (!entry || provenance?.method !== 'npm' || provenance.package === undefined) {
      throw new GatewayError(
        'INVALID_ARGUMENTS',
        `Server "${server}" was not provisioned by toolgate from npm, so toolgate cannot update it.`,
        {
          hint: entry
            ? 'Update it where it is configured (its command or version pin).'
            : `Provision it first: gateway_provision {"server":"${server}"}.`,
          details: { server },
        },
      );
    }
    if (version !== undefined && version !== 'latest')
      validatePackageSpec({ ecosystem: 'npm', name: provenance.package, version });
    return jobs.start('update', server, 3, (job) =>
      this.run(job, server, entry, provenance as Provenance & { package: string }, version),
    );
  }

  private async run(
    job: ProvisionJob,
    server: string,
    entry: Record<string, unknown>,
    provenance: Provenance & { package: string },
    wanted: string | undefined,
  ): Promise<Record<string, unknown>> {
    const { serversFile, serversDir, env, gateway, catalog } = this.provisioner.options;
    job.step('resolve version');
    const manifestVersion = (await catalog.get(server))?.server.npm?.version;
    const target =
      wanted === undefined || wanted === 'latest'
        ? (wanted === undefined && manifestVersion) || (await this.latest(provenance.package, job))
        : wanted;
    validatePackageSpec({ ecosystem: 'npm', name: provenance.package, version: target });
    const from = provenance.version;
    if (from === target) return { server, version: target, updated: false, note: 'already at this version' };
    job.step('install');
    const manifestNpm = (await catalog.get(server))?.server.npm;
    const installed = await installNpmPackage({
      serversDir,
      server,
      name: provenance.package,
      version: target,
      ...(manifestNpm?.bin === undefined ? {} : { bin: manifestNpm.bin }),
      installScripts: manifestNpm?.install_scripts === true,
      env,
      signal: job.abort.signal,
      onOutput: (chunk) => job.tail.write(chunk),
    });
    const args = Array.isArray(entry.args) ? (entry.args as string[]).slice(1) : [];
    let result: Record<string, unknown>;
    try {
      await serversFile.upsert(server, {
        ...entry,
        args: [installed.binPath, ...args],
        toolgate: { ...provenance, version: installed.version, provisioned_at: new Date().toISOString() },
      });
      job.step('reconnect');
      await gateway.refresh({ server });
      result = await this.provisioner.started(server, { from, version: installed.version, updated: true });
    } catch (error) {
      // The new version does not start: the old install and entry come back, and the server restarts on them.
      job.tail.push(
        `[toolgate] ${provenance.package}@${installed.version} did not start; restoring ${from ?? 'the previous install'}`,
      );
      await installed.restorePrevious();
      await serversFile.upsert(server, entry);
      await gateway.refresh({ server }).catch(() => undefined);
      throw error;
    }
    await installed.discardPrevious();
    return from && semver.valid(from) && semver.lt(installed.version, from)
      ? { ...result, note: 'this is an older version than before' }
      : result;
  }

  private async latest(name: string, job: ProvisionJob): Promise<string> {
    const { env } = this.provisioner.options;
    const out = await runCommand({
      command: 'npm',
      args: ['view', '--json', '--', `${name}@latest`, 'version'],
      env,
      timeoutMs: VERSION_QUERY_TIMEOUT_MS,
      signal: job.abort.signal,
    });
    let answer: unknown;
    try {
      answer = JSON.parse(out.trim());
    } catch {
      answer = undefined;
    }
    const parsed = z.string().safeParse(answer);
    if (!parsed.success || !semver.valid(parsed.data)) {
      throw new GatewayError('PROVISION_FAILED', `npm did not answer with a version for ${name}@latest.`, {
        hint: 'Give an exact version instead.',
      });
    }
    return parsed.data;
  }
}
