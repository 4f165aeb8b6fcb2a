// Surface tokens: what the gateway's tools/list costs a model's context, counted with the o200k
// tokenizer over the compact JSON of the `tools` array exactly as sent (name, description,
// inputSchema, annotations, and anything else the server put there): the default set as listed at
// run time, and the minimal profile (search, describe, invoke). Side by side, the flat exposure of
// the manifest's tool snapshot (every tool listed directly) and of the many-tools fixture.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { z } from 'zod';
import type { Bench, BenchResult, StdioPeer } from './lib.js';
import { loadSnapshotCatalog } from './search/catalog.js';
import {
  MANY_FIXTURE,
  REQUEST_TIMEOUT_MS,
  assertGatewayBuilt,
  closeAll,
  createSandbox,
  fixturePeer,
  gatewayPeer,
  round,
  target,
  targetLine,
  withStderr,
} from './lib.js';

/** The minimal profile: what a model needs to find, read and call a tool (underscore style). */
export const MINIMAL_PROFILE = ['gateway_catalog_search', 'gateway_describe', 'gateway_invoke'] as const;
/** Targets: the default set (16 meta-tools when complete) and the minimal profile. */
export const TARGET_DEFAULT_TOKENS = 1_200;
export const TARGET_MINIMAL_TOKENS = 500;

// Permissive: keep every field of every tool as it came over the wire (the SDK's own ToolSchema
// would drop fields it does not know).
const RawToolsList = z.looseObject({ tools: z.array(z.record(z.string(), z.unknown())) });
type RawTool = Record<string, unknown>;

async function rawToolsList(peer: StdioPeer, what: string): Promise<RawTool[]> {
  try {
    await peer.client.connect(peer.transport, { timeout: REQUEST_TIMEOUT_MS });
    const res = await peer.client.request({ method: 'tools/list', params: {} }, RawToolsList, {
      timeout: REQUEST_TIMEOUT_MS,
    });
    return res.tools;
  } catch (err) {
    throw withStderr(err, peer, `${what}: tools/list failed`);
  }
}

const tokens = (value: unknown): number => countTokens(JSON.stringify(value));

/** Every snapshot tool as a flat tools/list would send it: prefixed name, description, input schema. */
function snapshotFlatList(): { servers: number; tools: RawTool[] } {
  const catalog = loadSnapshotCatalog();
  const tools = catalog.servers.flatMap(({ server, tools: list }) =>
    list.map((tool) => ({
      name: `${server}__${tool.name}`,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: tool.inputSchema ?? { type: 'object' },
    })),
  );
  return { servers: catalog.servers.length, tools };
}

export const surfaceTokens: Bench = {
  name: 'surface-tokens',
  title: 'Surface tokens of tools/list (o200k, compact JSON of the tools array)',
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const sandbox = createSandbox('surface', {});
    const gateway = gatewayPeer(sandbox);
    const flat = fixturePeer(MANY_FIXTURE);
    try {
      const [gwTools, flatTools] = await Promise.all([
        rawToolsList(gateway, 'gateway'),
        rawToolsList(flat, 'many-tools fixture'),
      ]);

      const name = (t: RawTool): string => (typeof t.name === 'string' ? t.name : '?');
      const allTokens = tokens(gwTools);
      console.log(`  gateway tools/list: ${gwTools.length} tools, ${allTokens} tokens in all`);
      const width = Math.max(...gwTools.map((t) => name(t).length), 10);
      for (const tool of gwTools) {
        const fields = Object.keys(tool).join(', ');
        console.log(`    ${name(tool).padEnd(width)}  ${String(tokens(tool)).padStart(4)} tokens  (${fields})`);
      }

      const names = new Set(gwTools.map(name));
      const missing = MINIMAL_PROFILE.filter((n) => !names.has(n));
      if (missing.length) console.log(`  NOTE: minimal-profile tools missing from tools/list: ${missing.join(', ')}`);
      const minimal = gwTools.filter((t) => (MINIMAL_PROFILE as readonly string[]).includes(name(t)));
      const minimalTokens = tokens(minimal);

      const flatTokens = tokens(flatTools);
      const snapshot = snapshotFlatList();
      const snapshotTokens = tokens(snapshot.tools);
      console.log(`  minimal profile (${MINIMAL_PROFILE.join(', ')}): ${minimalTokens} tokens`);
      console.log(
        `  flat exposure of the manifest snapshot (${snapshot.servers} servers, ${snapshot.tools.length} tools as server__tool): ${snapshotTokens} tokens`,
      );
      console.log(
        `    ratio flat / default set: ${(snapshotTokens / allTokens).toFixed(1)}x; flat / minimal: ${(snapshotTokens / minimalTokens).toFixed(1)}x`,
      );
      console.log(
        `  flat exposure of the many-tools fixture (${flatTools.length} tools): ${flatTokens} tokens, ${(flatTokens / allTokens).toFixed(2)}x the default set`,
      );

      const targets = [
        target(`default set (${gwTools.length} meta-tools listed)`, allTokens, TARGET_DEFAULT_TOKENS, 'tokens'),
        target(
          'minimal profile (search, describe, invoke)',
          missing.length ? Number.NaN : minimalTokens,
          TARGET_MINIMAL_TOKENS,
          'tokens',
        ),
      ];
      for (const t of targets) console.log(targetLine(t));
      const ratio = snapshotTokens / allTokens;

      const metrics: Record<string, number> = {
        gateway_tools: gwTools.length,
        gateway_tokens_total: allTokens,
        minimal_profile_tokens: minimalTokens,
        snapshot_flat_tools: snapshot.tools.length,
        snapshot_flat_tokens: snapshotTokens,
        snapshot_flat_over_default_ratio: round(ratio, 1),
        snapshot_flat_over_minimal_ratio: round(snapshotTokens / minimalTokens, 1),
        fixture_flat_tools: flatTools.length,
        fixture_flat_tokens: flatTokens,
      };
      for (const tool of gwTools) metrics[`tokens.${name(tool)}`] = tokens(tool);
      return { name: 'surface-tokens', metrics, targets };
    } finally {
      await closeAll([gateway, flat]);
      sandbox.dispose();
    }
  },
};
