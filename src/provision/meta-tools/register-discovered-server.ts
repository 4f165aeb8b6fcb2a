// gateway.register_discovered_server: make a registry result provisionable (kept in TOOLGATE_HOME/registered-servers.json).
import { z } from 'zod';
import { GatewayError } from '../../errors/index.js';
import { defineMetaTool, jsonResult } from '../../gateway/meta-tool.js';
import { missingStates, provisionCall, storeStep } from '../credentials.js';
import { localNameOf, toManifestServer } from '../discovered-server.js';
import { validateRunMethod } from '../install-server.js';
import { assertServerName, type Provisioner } from '../provisioner.js';
import type { RegisteredServers } from '../registered-servers.js';
import { searchRegistry } from '../registry-client.js';

/** Results fetched to find the exact name again. */
const LOOKUP_LIMIT = 20;

const input = z
  .object({
    name: z
      .string()
      .max(300)
      .refine((name) => name.length > 0, 'expected a registry name')
      .describe('From search_registry'),
    as: z.string().max(64).optional().describe('Local name'),
  })
  .strict();

export function registerDiscoveredServerTool(
  provisioner: Provisioner,
  registered: RegisteredServers,
  registryUrl: string,
) {
  return defineMetaTool({
    name: 'register_discovered_server',
    description: 'Add a search_registry result as a provisionable server.',
    input,
    changesWhatRuns: true,
    annotations: { openWorldHint: true },
    async handle(args, context) {
      const local = args.as ?? localNameOf(args.name);
      assertServerName(local);
      const { catalog, gateway } = provisioner.options;
      const existing = await catalog.get(local);
      if (gateway.pool.get(local) || existing?.origin === 'manifest') {
        throw new GatewayError(
          'INVALID_ARGUMENTS',
          `A server named "${local}" is already ${gateway.pool.get(local) ? 'configured' : 'in the manifest'}.`,
          {
            hint: 'Pass another local name with "as".',
            details: { server: local },
          },
        );
      }
      const found = (
        await searchRegistry({ baseUrl: registryUrl, query: args.name, limit: LOOKUP_LIMIT, signal: context.signal })
      ).find((server) => server.name === args.name);
      if (!found) {
        throw new GatewayError(
          'SERVER_NOT_FOUND',
          `The MCP Registry has no server named exactly "${args.name.slice(0, 100)}".`,
          {
            hint: 'Use a name exactly as gateway_search_registry returned it.',
          },
        );
      }
      const server = toManifestServer(found, local, registryUrl);
      // The package grammar is checked now, before it is stored: a bad name never reaches a later install.
      validateRunMethod(server);
      await registered.add(server);
      catalog.invalidate();
      await gateway.refresh({});
      const entry = await catalog.get(local);
      const missingVariables = entry ? missingStates(provisioner.credentials(entry)) : [];
      const missing = missingVariables.map((state) => state.name);
      return jsonResult({
        registered: local,
        from: found.name,
        file: registered.file,
        ...(missing.length ? { missing_credentials: missing } : {}),
        next_call: missingVariables[0] ? storeStep(local, missingVariables[0]) : provisionCall(local),
      });
    },
  });
}
