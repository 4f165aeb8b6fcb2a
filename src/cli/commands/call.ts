// `toolgate call <tool_id> [--args JSON]`: invoke a downstream tool (or a gateway meta-tool) from the terminal.
import type { Command } from 'commander';
import { GatewayError } from '../../errors/index.js';
import { parseMetaToolName } from '../../gateway/tool-names.js';
import { connectGateway } from '../gateway-client.js';
import { printResult } from '../print-tool-result.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';
import { parseIntegerFlag } from '../integer-flag.js';

/** The CLI waits this much longer than the call's own idle timeout, so the gateway's DOWNSTREAM_TIMEOUT answer arrives first. */
export const TIMEOUT_MARGIN_MS = 2_000;

export function registerCall(program: Command): void {
  withEngineFlags(
    program
      .command('call <tool_id>')
      .description('call a tool (server::tool, or gateway.<name> / gateway_<name> for a meta-tool) with JSON arguments')
      .option('--args <json>', 'the arguments as a JSON object', '{}')
      .option(
        '--timeout <ms>',
        'idle timeout of the call in ms, reset by progress (a meta-tool: how long to wait for its answer)',
      ),
  ).action(async (toolId: string, flags: EngineFlags & { args: string; timeout?: string }) => {
    const args = parseArgs(flags.args);
    const timeout = flags.timeout === undefined ? undefined : parseIntegerFlag('--timeout', flags.timeout, 1);
    const gateway = await connectGateway(engineOptions(flags));
    try {
      const meta = parseMetaToolName(toolId);
      const result =
        meta !== undefined
          ? await gateway.callMetaTool(meta, args, timeout)
          : await gateway.callMetaTool(
              'invoke',
              { tool_id: toolId, arguments: args, ...(timeout === undefined ? {} : { timeout_ms: timeout }) },
              timeout === undefined ? undefined : timeout + TIMEOUT_MARGIN_MS,
            );
      printResult(result, Boolean(flags.json));
    } finally {
      await gateway.close();
    }
  });
}

function parseArgs(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError('USAGE', `--args must be a JSON object; it does not parse: ${(error as Error).message}`, {
      hint: `Example: --args '{"text":"hi"}'`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError(
      'USAGE',
      `--args must be a JSON object; got ${Array.isArray(value) ? 'an array' : typeof value}.`,
      { hint: `Example: --args '{"text":"hi"}'` },
    );
  }
  return value as Record<string, unknown>;
}
