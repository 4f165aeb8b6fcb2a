// `toolgate provision <server>`: install, register and start a manifest (or registered) server, following the job to its end.
import { countOf } from '../../errors/index.js';
import type { Command } from 'commander';
import { printJson, printLine } from '../cli-output.js';
import { connectGateway } from '../gateway-client.js';
import { followJob, reportJobFailure } from '../provision/follow-job.js';
import { checkServerNameArgument } from '../server-name-argument.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';

interface ProvisionAnswer {
  server: string;
  tools?: number;
  tool_ids?: string[];
  installed_in?: string;
  already_configured?: boolean;
  elapsed_ms?: number;
}

export function registerProvision(program: Command): void {
  withEngineFlags(
    program
      .command('provision <server>')
      .description(
        'install and start a manifest server (through the running gateway when there is one); progress on stderr, exit 1 when it fails',
      ),
  ).action(async (server: string, flags: EngineFlags) => {
    checkServerNameArgument(server);
    const gateway = await connectGateway(engineOptions(flags));
    try {
      const outcome = await followJob(gateway, 'provision', { server });
      if (!outcome.ok) return reportJobFailure(outcome.failure, Boolean(flags.json));
      if (flags.json) return printJson({ via: gateway.via, ...outcome.answer });
      const answer = outcome.answer as unknown as ProvisionAnswer;
      const seconds = answer.elapsed_ms === undefined ? '' : ` in ${(answer.elapsed_ms / 1000).toFixed(1)} s`;
      printLine(
        `${answer.server}: ${answer.already_configured ? 'already configured; started' : `provisioned${seconds}`}, ${countOf(answer.tools ?? 0, 'tool')}`,
      );
      for (const id of answer.tool_ids ?? []) printLine(`  ${id}`);
      if (answer.installed_in) printLine(`registered in ${answer.installed_in}`);
      if (gateway.via === 'in-process')
        printLine(
          "No gateway is running: your MCP client's gateway starts the server when one of its tools is called.",
        );
    } finally {
      await gateway.close();
    }
  });
}
