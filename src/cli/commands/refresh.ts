// `toolgate refresh`: reload configs and policy, reconnect, re-index, in the running gateway when there is one.
import os from 'node:os';
import type { Command } from 'commander';
import { resolvePaths } from '../../config/paths.js';
import { locateRunningGateway } from '../../control/locate-gateway.js';
import { printJson, printLine } from '../cli-output.js';
import { controlRequest } from '../../control/control-request.js';
import { connectGateway } from '../gateway-client.js';
import { reportError } from '../print-tool-result.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';

interface RefreshAnswer {
  added: string[];
  removed: string[];
  changed: string[];
  restarted: string[];
  tools: number;
}

export function registerRefresh(program: Command): void {
  withEngineFlags(
    program
      .command('refresh')
      .description(
        'reload config files and policy, restart changed servers, re-index (--server S restarts one, --force all)',
      )
      .option('--server <name>', 'restart and re-index this server')
      .option('--force', 'restart every server'),
  ).action(async (flags: EngineFlags & { server?: string; force?: boolean }) => {
    const params = { ...(flags.server ? { server: flags.server } : {}), ...(flags.force ? { force: true } : {}) };
    const running = await locateRunningGateway(resolvePaths(process.env, os.homedir()).lockDir);
    let answer: RefreshAnswer;
    if (running) {
      const query = new URLSearchParams({
        ...(flags.server ? { server: flags.server } : {}),
        ...(flags.force ? { force: 'true' } : {}),
      });
      answer = (await controlRequest(running, 'POST', `/refresh?${query}`, 120_000)) as RefreshAnswer;
    } else {
      const gateway = await connectGateway(engineOptions(flags));
      try {
        const result = await gateway.callMetaTool('refresh', params);
        if (reportError(result, Boolean(flags.json))) return;
        answer = result.structuredContent as unknown as RefreshAnswer;
      } finally {
        await gateway.close();
      }
    }
    if (flags.json) return printJson({ via: running ? 'running' : 'in-process', ...answer });
    printLine(
      `${running ? `refreshed the running gateway (pid ${running.owner.pid})` : 'no gateway is running: checked the configuration in-process'}`,
    );
    for (const key of ['added', 'removed', 'changed', 'restarted'] as const)
      if (answer[key].length) printLine(`  ${key}: ${answer[key].join(', ')}`);
    printLine(`  tools of configured servers: ${answer.tools}`);
  });
}
