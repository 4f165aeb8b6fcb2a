// Provisioning as jobs: install → register in servers.json → start → index, all or nothing; and updates.
import { isReservedServerName, RESERVED_NAME_PROBLEM, SERVER_NAME_PATTERN } from '../config/server-entry.js';
import { GatewayError } from '../errors/index.js';
import type { Gateway } from '../gateway/gateway.js';
import type { Logger } from '../log/logger.js';
import { credentialStates, missingStates, storeStep, type CredentialState } from './credentials.js';
import { installServer, removeInstall, validateRunMethod } from './install-server.js';
import { DEFAULT_INSTALL_TIMEOUT_MS } from './npm-installer.js';
import type { JobRegistry, ProvisionJob } from './provision-jobs.js';
import type { ProvisionableCatalog, ProvisionableServer } from './provisionable-catalog.js';
import type { ServersFile, ServersFileEntry } from './servers-file.js';

/** Tool ids listed in a job's result; the rest are found with catalog_search. */
export const MAX_LISTED_TOOL_IDS = 10;

export interface ProvisionerOptions {
  gateway: Gateway;
  catalog: ProvisionableCatalog;
  serversFile: ServersFile;
  /** TOOLGATE_HOME/servers. */
  serversDir: string;
  jobs: JobRegistry;
  env: Record<string, string | undefined>;
  /** Stored credentials of one server (read live, so a credential just stored counts). */
  secretsFor: (server: string) => Record<string, string>;
  logger: Logger;
  installTimeoutMs?: number;
}

export class Provisioner {
  /** Requests still being checked (provision or update), so two concurrent requests for one server make one job. */
  private readonly starting = new Map<string, Promise<ProvisionJob>>();

  constructor(readonly options: ProvisionerOptions) {}

  get gateway(): Gateway {
    return this.options.gateway;
  }

  /** Credential states of a provisionable server. */
  credentials(provisionable: ProvisionableServer): CredentialState[] {
    return credentialStates(provisionable.server, this.options.secretsFor(provisionable.server.name), this.options.env);
  }

  /**
   * Starts provisioning, or joins the job already running for the server. Everything that can be refused
   * (name, policy, unknown server, missing credentials, package grammar) is refused here, before any job.
   */
  async provision(server: string): Promise<ProvisionJob> {
    assertServerName(server);
    return this.exclusive(server, () => this.startJob(server));
  }

  /**
   * One job per server, whatever its kind: joins the job running or being started for `server` (a
   * provision or an update), else runs `begin`, registered synchronously so that a request arriving
   * while `begin` awaits joins it.
   */
  exclusive(server: string, begin: () => Promise<ProvisionJob>): Promise<ProvisionJob> {
    const running = this.options.jobs.active(server) ?? this.starting.get(server);
    if (running) return Promise.resolve(running);
    const start = begin().finally(() => this.starting.delete(server));
    this.starting.set(server, start);
    return start;
  }

  private async startJob(server: string): Promise<ProvisionJob> {
    this.assertAllowed(server);
    const { gateway, jobs } = this.options;
    if (gateway.pool.get(server)) {
      // Already configured: provisioning it means starting it (a no-op when it runs).
      return jobs.start('provision', server, 1, async (job) => {
        job.step('start');
        return this.started(server, { already_configured: true });
      });
    }
    const provisionable = await this.options.catalog.get(server);
    if (!provisionable) throw unknownServer(server);
    validateRunMethod(provisionable.server);
    const credentials = this.credentials(provisionable);
    const missing = missingStates(credentials);
    if (missing.length) throw credentialMissing(server, missing);
    return jobs.start('provision', server, 4, (job) => this.run(job, provisionable, credentials));
  }

  /** Refuses when policy turns provisioning off or denies the server. */
  assertAllowed(server: string): void {
    const policy = this.options.gateway.policy;
    if (policy.policy.provisioning === 'off') {
      throw new GatewayError('POLICY_DENIED', 'Provisioning is turned off by policy (provisioning: off).', {
        hint: 'Ask the user to install the server themselves or to change the policy file.',
        details: { server, policy_files: policy.sources },
      });
    }
    const decision = policy.decideServer(server);
    if (!decision.allowed) {
      throw new GatewayError('POLICY_DENIED', `Server "${server}" is not allowed by policy (${decision.reason}).`, {
        hint: 'Pick another server, or ask the user to change the policy file.',
        details: { server },
      });
    }
  }

  private async run(
    job: ProvisionJob,
    provisionable: ProvisionableServer,
    credentials: CredentialState[],
  ): Promise<Record<string, unknown>> {
    const { serversFile, serversDir, gateway } = this.options;
    const name = provisionable.server.name;
    // Read before anything changes: an entry of the same name (a user's disabled one, say) is put back on failure.
    const previous = await serversFile.get(name);
    job.step('install');
    const entry = await installServer(provisionable, credentials, {
      serversDir,
      env: this.options.env,
      timeoutMs: this.options.installTimeoutMs ?? DEFAULT_INSTALL_TIMEOUT_MS,
      signal: job.abort.signal,
      onOutput: (chunk) => job.tail.write(chunk),
    });
    try {
      job.step('register');
      await serversFile.upsert(name, entry);
      job.step('start');
      await gateway.refresh({});
      const result = await this.started(name, { installed_in: serversFile.file });
      job.step('index');
      return result;
    } catch (error) {
      // All or nothing: the install folder goes and servers.json is as it was before.
      await this.rollBack(job, name, previous);
      throw error;
    }
  }

  /** Each step runs whatever happened to the one before; a step that fails is logged and noted in the job. */
  private async rollBack(job: ProvisionJob, name: string, previous: ServersFileEntry | undefined): Promise<void> {
    const { serversFile, serversDir, gateway, logger } = this.options;
    job.tail.push(
      `[toolgate] provisioning failed; ${previous ? 'restoring the previous' : 'removing the'} ${name} entry in ${serversFile.file}`,
    );
    const steps: [string, () => Promise<unknown>][] = [
      [
        previous ? 'restore the previous entry' : 'remove the entry',
        () => (previous ? serversFile.upsert(name, previous) : serversFile.remove(name)),
      ],
      ['remove the install folder', () => removeInstall(serversDir, name)],
      ['refresh the gateway', () => gateway.refresh({})],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn({ server: name, step: what, err: reason }, 'a provisioning rollback step failed');
        job.tail.push(`[toolgate] could not ${what}: ${reason}`);
      }
    }
  }

  /** Starts the server (no-op when running) and describes what is now searchable. */
  async started(server: string, extra: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { gateway } = this.options;
    const connection = gateway.pool.get(server);
    if (!connection) throw notConfiguredAfterRefresh(gateway, server);
    const tools = await connection.ensureReady();
    const visible = tools
      .filter((tool) => gateway.policy.isVisible(server, tool.name))
      .map((tool) => `${server}::${tool.name}`);
    return {
      server,
      server_state: 'ready',
      tools: visible.length,
      tool_ids: visible.slice(0, MAX_LISTED_TOOL_IDS),
      ...extra,
    };
  }
}

export function assertServerName(server: string): void {
  if (isReservedServerName(server)) {
    throw new GatewayError(
      'INVALID_ARGUMENTS',
      `Expected a server name other than "${server}": ${RESERVED_NAME_PROBLEM}; nothing was run.`,
      {
        hint: 'Choose another name for the server.',
      },
    );
  }
  if (SERVER_NAME_PATTERN.test(server)) return;
  throw new GatewayError(
    'INVALID_ARGUMENTS',
    `Expected a server name matching ${SERVER_NAME_PATTERN.source}, received ${JSON.stringify(server.slice(0, 80))}; nothing was run.`,
    {
      hint: 'Use a name from gateway_catalog_search or gateway_request_capability.',
    },
  );
}

function unknownServer(server: string): GatewayError {
  return new GatewayError('SERVER_NOT_FOUND', `No manifest or registered server is named "${server}".`, {
    hint: 'Find one with gateway_request_capability, or search the MCP Registry with gateway_search_registry and add it with gateway_register_discovered_server.',
    details: { server },
  });
}

function credentialMissing(server: string, missing: readonly CredentialState[]): GatewayError {
  const names = missing.map((state) => state.name);
  return new GatewayError(
    'CREDENTIAL_MISSING',
    `Server "${server}" needs ${names.join(', ')}, which ${names.length === 1 ? 'is' : 'are'} not stored or set.`,
    {
      hint: `Ask the user for the value, then ${missing.map((state) => storeStep(server, state)).join(' and ')}; then provision again.`,
      details: { server, missing_credentials: names },
    },
  );
}

function notConfiguredAfterRefresh(gateway: Gateway, server: string): GatewayError {
  const disabled = gateway.config.disabled.find((entry) => entry.name === server);
  return new GatewayError(
    'PROVISION_FAILED',
    disabled
      ? `Server "${server}" was written but is disabled: ${disabled.error}`
      : `Server "${server}" was written but is not in the configuration after a refresh.`,
    {
      hint: disabled
        ? 'Set what the message names, then call gateway_refresh.'
        : 'Another config file may define the name; see gateway_health.',
      details: { server },
    },
  );
}
