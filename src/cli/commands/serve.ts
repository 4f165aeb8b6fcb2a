// `toolgate serve` (the default command): the gateway as an MCP server on stdio.
import { Option, type Command } from 'commander';
import { runServe, type ServeOptions } from '../run-serve.js';

export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the gateway as an MCP server on stdio (the default command)')
    .option('--config <path>', 'an extra MCP config file that overrides the discovered ones (env TOOLGATE_CONFIG)')
    .option('--policy <path>', 'an extra policy file, applied after the user and project policies (env TOOLGATE_POLICY)')
    .addOption(new Option('--names <style>', 'meta-tool name style').choices(['auto', 'dot', 'underscore']).default('auto').env('TOOLGATE_NAMES'))
    .addOption(new Option('--exposure <mode>', 'what the client sees').choices(['progressive']).default('progressive').env('TOOLGATE_EXPOSURE'))
    .action((options: ServeOptions) => runServe(options));
}
