// `toolgate call <tool_id> [--args JSON]`: invoke a downstream tool (or a gateway meta-tool) from the terminal.
import type { Command } from 'commander';
import { GatewayError } from '../../errors/index.js';
import { parseMetaToolName } from '../../gateway/tool-names.js';
import { connectGateway } from '../gateway-client.js';
import { printResult } from '../print-tool-result.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';

export function registerCall(program: Command): void {
  withEngineFlags(
    program
      .command('call <tool_id>')
      .description('call a tool (server::tool, or gateway.<name> / gateway_<name> for a meta-tool) with JSON arguments')
      .option('--args <json>', 'the arguments as a JSON object', '{}')
      .option('--timeout <ms>', 'idle timeout of the call in ms (reset by progress)'),
  ).action(async (toolId: string, flags: EngineFlags & { args: string; timeout?: string }) => {
    const args = parseArgs(flags.args);
    const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
      throw new GatewayError('USAGE', `--timeout expects a positive whole number of ms; got "${flags.timeout}".`);
    }
    const gateway = await connectGateway(engineOptions(flags));
    try {
      const meta = parseMetaToolName(toolId);
      const result =
        meta !== undefined
          ? await gateway.callMetaTool(meta, args)
          : await gateway.callMetaTool('invoke', { tool_id: toolId, arguments: args, ...(timeout === undefined ? {} : { timeout_ms: timeout }) }, timeout === undefined ? undefined : timeout + 10_000);
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
    throw new GatewayError('USAGE', `--args must be a JSON object; it does not parse: ${(error as Error).message}`, { hint: `Example: --args '{"text":"hi"}'` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError('USAGE', `--args must be a JSON object; got ${Array.isArray(value) ? 'an array' : typeof value}.`, { hint: `Example: --args '{"text":"hi"}'` });
  }
  return value as Record<string, unknown>;
}
