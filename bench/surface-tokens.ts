// Surface tokens: what the gateway's tools/list costs a model's context, counted with the o200k
// tokenizer over the compact JSON of the `tools` array exactly as sent (name, description,
// inputSchema, annotations, and anything else the server put there). For context, the same count
// for a flat server exposing 15 realistic tools (test/fixtures/many-tools-server.mjs) directly.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { z } from 'zod';
import type { Bench, BenchResult, StdioPeer } from './lib.js';
import { MANY_FIXTURE, REQUEST_TIMEOUT_MS, assertGatewayBuilt, closeAll, createSandbox, fixturePeer, gatewayPeer, round, target, targetLine, withStderr } from './lib.js';

/** The five meta-tools the target is about (underscore style, for a non-Claude-Code client). */
export const META_TOOLS = ['gateway_catalog_search', 'gateway_describe', 'gateway_invoke', 'gateway_refresh', 'gateway_health'] as const;
export const TARGET_TOKENS = 500;

// Permissive: keep every field of every tool as it came over the wire (the SDK's own ToolSchema
// would drop fields it does not know).
const RawToolsList = z.looseObject({ tools: z.array(z.record(z.string(), z.unknown())) });
type RawTool = Record<string, unknown>;

async function rawToolsList(peer: StdioPeer, what: string): Promise<RawTool[]> {
  try {
    await peer.client.connect(peer.transport, { timeout: REQUEST_TIMEOUT_MS });
    const res = await peer.client.request({ method: 'tools/list', params: {} }, RawToolsList, { timeout: REQUEST_TIMEOUT_MS });
    return res.tools;
  } catch (err) {
    throw withStderr(err, peer, `${what}: tools/list failed`);
  }
}

const tokens = (value: unknown): number => countTokens(JSON.stringify(value));

export const surfaceTokens: Bench = {
  name: 'surface-tokens',
  title: 'Surface tokens of tools/list (o200k, compact JSON of the tools array)',
  async run(): Promise<BenchResult> {
    assertGatewayBuilt();
    const sandbox = createSandbox('surface', {});
    const gateway = gatewayPeer(sandbox);
    const flat = fixturePeer(MANY_FIXTURE);
    try {
      const [gwTools, flatTools] = await Promise.all([rawToolsList(gateway, 'gateway'), rawToolsList(flat, 'many-tools fixture')]);

      const name = (t: RawTool): string => (typeof t.name === 'string' ? t.name : '?');
      const allTokens = tokens(gwTools);
      console.log(`  gateway tools/list: ${gwTools.length} tools, ${allTokens} tokens in all`);
      const width = Math.max(...gwTools.map((t) => name(t).length), 10);
      for (const tool of gwTools) {
        const fields = Object.keys(tool).join(', ');
        console.log(`    ${name(tool).padEnd(width)}  ${String(tokens(tool)).padStart(4)} tokens  (${fields})`);
      }

      const names = new Set(gwTools.map(name));
      const missing = META_TOOLS.filter((n) => !names.has(n));
      const extra = gwTools.map(name).filter((n) => !(META_TOOLS as readonly string[]).includes(n));
      if (missing.length) console.log(`  NOTE: expected meta-tools missing from tools/list: ${missing.join(', ')}`);
      if (extra.length) console.log(`  NOTE: tools beyond the five meta-tools: ${extra.join(', ')}`);
      const five = gwTools.filter((t) => (META_TOOLS as readonly string[]).includes(name(t)));
      const fiveTokens = tokens(five);

      const flatTokens = tokens(flatTools);
      const perFlatTool = flatTools.length ? flatTokens / flatTools.length : Number.NaN;
      const ratio = flatTokens / allTokens;
      console.log(`  flat alternative (many-tools fixture listed directly): ${flatTools.length} tools, ${flatTokens} tokens (${perFlatTool.toFixed(0)} per tool)`);
      console.log(`  ratio flat / gateway: ${ratio.toFixed(2)}x  (the gateway's surface stays fixed as downstream tools grow; a flat list grows with every tool)`);

      const targets = [target(`the five meta-tools together (${five.length} found)`, missing.length ? Number.NaN : fiveTokens, TARGET_TOKENS, 'tokens')];
      for (const t of targets) console.log(targetLine(t));

      const metrics: Record<string, number> = {
        gateway_tools: gwTools.length,
        gateway_tokens_total: allTokens,
        meta_tools_tokens: fiveTokens,
        flat_tools: flatTools.length,
        flat_tokens_total: flatTokens,
        flat_over_gateway_ratio: round(ratio, 2),
      };
      for (const tool of gwTools) metrics[`tokens.${name(tool)}`] = tokens(tool);
      return { name: 'surface-tokens', metrics, targets };
    } finally {
      await closeAll([gateway, flat]);
      sandbox.dispose();
    }
  },
};
