// What the gateway shows of servers that are provisionable but not installed, and what invoking one of their tools does.
import type { UninstalledServer, UninstalledServerSource } from '../gateway/uninstalled-servers.js';
import { serverNotInstalled, type ProvisionAdvice } from '../gateway/uninstalled-servers.js';
import type { ManifestServer } from '../manifest/index.js';
import { missingStates, provisionCall, storeStep } from './credentials.js';
import type { Provisioner } from './provisioner.js';

export function createUninstalledSource(provisioner: Provisioner): UninstalledServerSource {
  const { catalog } = provisioner.options;

  const advise = async (server: string): Promise<ProvisionAdvice> => {
    const provisionable = await catalog.get(server);
    const states = provisionable ? missingStates(provisioner.credentials(provisionable)) : [];
    const missing = states.map((state) => state.name);
    const next_calls = [...states.map((state) => storeStep(server, state)), provisionCall(server)];
    const hint = missing.length
      ? `Ask the user for ${missing.join(', ')} (gateway_request_capability says where to get ${missing.length === 1 ? 'it' : 'them'}), store each as next_calls says (a credential with gateway_auth_connect, a setting by the user), then call gateway_provision.`
      : `Call ${provisionCall(server)} (an install and start, usually under a minute), then invoke again.`;
    return { hint, next_calls, ...(missing.length ? { missing_credentials: missing } : {}) };
  };

  return {
    list: async () => {
      // The gateway asks again after each refresh: read the manifest and registered servers afresh too.
      catalog.invalidate();
      return (await catalog.list()).map(({ server, tools }) => toUninstalled(server, tools));
    },
    advise,
    async beforeInvoke(server, _tool, context) {
      const advice = await advise(server);
      const mode = provisioner.gateway.policy.policy.provisioning;
      if (mode !== 'auto' || advice.missing_credentials?.length) throw serverNotInstalled(server, advice);
      const job = await provisioner.provision(server);
      const stop = context.sendProgress ? job.onProgress(context.sendProgress) : undefined;
      try {
        await job.finished;
      } finally {
        stop?.();
      }
      if (job.failure) throw job.failure;
    },
  };
}

function toUninstalled(server: ManifestServer, tools: UninstalledServer['tools']): UninstalledServer {
  return {
    name: server.name,
    facts: { description: server.description, category: server.category, keywords: server.keywords },
    tools,
    identifiers: identifiersOf(server),
  };
}

/** Must agree with configuredIdentifiers in the gateway: the same package gives the same id. */
export function identifiersOf(server: ManifestServer): string[] {
  if (server.npm) return [`npm:${server.npm.package}`];
  if (server.pypi) return [`pypi:${server.pypi.package.toLowerCase()}`];
  if (server.docker) return [`docker:${server.docker.image.replace(/(@sha256:[a-f0-9]+|:[\w.-]+)+$/, '')}`];
  return server.url ? [`url:${server.url}`] : [];
}
