// `toolgate describe <tool_id>`: a downstream tool's full definition, starting its server if needed.
import type { Command } from 'commander';
import { printJson } from '../cli-output.js';
import { connectGateway } from '../gateway-client.js';
import { reportError } from '../print-tool-result.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';

export function registerDescribe(program: Command): void {
  withEngineFlags(
    program.command('describe <tool_id...>').description('print the full schema of one or more tools (server::tool)'),
  ).action(async (toolIds: string[], flags: EngineFlags) => {
    const gateway = await connectGateway(engineOptions(flags));
    try {
      const result = await gateway.callMetaTool('describe', { tool_id: toolIds.length === 1 ? toolIds[0] : toolIds });
      if (reportError(result, Boolean(flags.json))) return;
      // The definition is JSON by nature: the readable form is the same JSON, indented.
      printJson(result.structuredContent);
    } finally {
      await gateway.close();
    }
  });
}
