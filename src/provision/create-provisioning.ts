// Wires the provision domain: catalog, jobs, installer and the nine provisioning meta-tools, for the composition root.
import path from 'node:path';
import type { ToolgatePaths } from '../config/paths.js';
import type { Gateway } from '../gateway/gateway.js';
import type { GatewayFacts } from '../gateway/health-report.js';
import type { MetaTool } from '../gateway/meta-tool.js';
import type { Logger } from '../log/logger.js';
import { PROJECT_SECRETS_PATH } from '../secrets/scoped-secrets.js';
import { authConnectTool } from './meta-tools/auth-connect.js';
import { provisionStatusTool } from './meta-tools/provision-status.js';
import { provisionTool } from './meta-tools/provision.js';
import { registerDiscoveredServerTool } from './meta-tools/register-discovered-server.js';
import { requestCapabilityTool } from './meta-tools/request-capability.js';
import { searchRegistryTool } from './meta-tools/search-registry.js';
import { submitFeedbackTool } from './meta-tools/submit-feedback.js';
import { syncEnvironmentTool } from './meta-tools/sync-environment.js';
import { updateServerTool } from './meta-tools/update-server.js';
import { JobRegistry } from './provision-jobs.js';
import { ProvisionableCatalog } from './provisionable-catalog.js';
import { Provisioner } from './provisioner.js';
import { RegisteredServers } from './registered-servers.js';
import type { Settings } from '../settings/parse-settings.js';
import { registryBaseUrl } from './registry-client.js';
import { ServerUpdater } from './server-updater.js';
import { ServersFile } from './servers-file.js';
import { createUninstalledSource } from './uninstalled-source.js';

export const SERVERS_DIR_NAME = 'servers';
export const REGISTERED_SERVERS_FILE = 'registered-servers.json';

export interface ProvisioningOptions {
  gateway: Gateway;
  facts: GatewayFacts;
  paths: ToolgatePaths;
  /** The gateway's environment: credentials found in it, and what installers may see. */
  env: Record<string, string | undefined>;
  /** TOOLGATE_REGISTRY_URL, TOOLGATE_FEEDBACK_URL and TOOLGATE_JOB_WAIT_MS, parsed with the other settings. */
  settings: Pick<Settings, 'registryUrl' | 'feedbackUrl' | 'jobWaitMs'>;
  /** The project folder; project-scope secrets go to `<cwd>/.toolgate/secrets.json`. */
  cwd: string;
  /** Stored credentials of one server, read live. */
  secretsFor: (server: string) => Record<string, string>;
  logger: Logger;
  /** Tests: another manifest and snapshot folder than the shipped ones. */
  manifestFile?: string;
  snapshotDir?: string;
}

export interface Provisioning {
  metaTools: MetaTool[];
  provisioner: Provisioner;
  /** Stops running installs; call before closing the gateway. Idempotent. */
  close(): Promise<void>;
}

/** Also makes the gateway list uninstalled manifest servers in search (nothing is read until first use). */
export function createProvisioning(options: ProvisioningOptions): Provisioning {
  const { gateway, paths, env, logger } = options;
  const registered = new RegisteredServers(path.join(paths.home, REGISTERED_SERVERS_FILE), logger);
  const catalog = new ProvisionableCatalog({
    registered,
    logger,
    ...(options.manifestFile === undefined ? {} : { manifestFile: options.manifestFile }),
    ...(options.snapshotDir === undefined ? {} : { snapshotDir: options.snapshotDir }),
  });
  const jobs = new JobRegistry(logger);
  const provisioner = new Provisioner({
    gateway,
    catalog,
    serversFile: new ServersFile(paths.serversFile),
    serversDir: path.join(paths.home, SERVERS_DIR_NAME),
    jobs,
    env,
    secretsFor: options.secretsFor,
    logger,
  });
  gateway.useUninstalledServers(createUninstalledSource(provisioner));
  const registryUrl = registryBaseUrl(options.settings.registryUrl);
  const metaTools = [
    requestCapabilityTool(provisioner),
    syncEnvironmentTool(env),
    provisionTool(provisioner, options.settings.jobWaitMs),
    provisionStatusTool(jobs),
    updateServerTool(new ServerUpdater(provisioner), options.settings.jobWaitMs),
    authConnectTool(provisioner, {
      user: paths.secretsFile,
      project: path.join(options.cwd, PROJECT_SECRETS_PATH),
      env: options.env,
    }),
    searchRegistryTool(registryUrl),
    registerDiscoveredServerTool(provisioner, registered, registryUrl),
    submitFeedbackTool(gateway, options.facts, paths.logsDir, options.settings.feedbackUrl),
  ];
  let closing: Promise<void> | undefined;
  return { metaTools, provisioner, close: () => (closing ??= jobs.close()) };
}
