// `toolgate update [server] [--all]`: move servers toolgate provisioned from npm to another version, then reconnect them.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Command } from 'commander';
import { GatewayError, countOf } from '../../errors/index.js';
import { ServersFile } from '../../provision/servers-file.js';
import { cliContext } from '../cli-context.js';
import { markFailure, printJson, printLine } from '../cli-output.js';
import { connectGateway } from '../gateway-client.js';
import { followJob, reportJobFailure } from '../provision/follow-job.js';
import { checkServerNameArgument } from '../server-name-argument.js';
import { engineOptions, withEngineFlags, type EngineFlags } from './engine-flags.js';

interface UpdateFlags extends EngineFlags {
  version?: string;
  all?: boolean;
}

interface UpdateAnswer {
  server: string;
  version?: string;
  from?: string;
  updated?: boolean;
  tools?: number;
  note?: string;
}

export function registerUpdate(program: Command): void {
  withEngineFlags(
    program
      .command('update [server]')
      .description(
        'update a server toolgate provisioned from npm, then reconnect it (--all: every such server); exit 1 when one fails',
      )
      .option(
        '--version <version>',
        'an exact version or "latest" (default: the manifest\'s version, else npm\'s latest)',
      )
      .option('--all', 'every server in TOOLGATE_HOME/servers.json that toolgate provisioned from npm'),
  ).action(async (server: string | undefined, flags: UpdateFlags) => {
    const json = Boolean(flags.json);
    checkUsage(server, flags);
    const servers = server !== undefined ? [server] : await npmProvisionedServers();
    const gateway = await connectGateway(engineOptions(flags));
    try {
      if (server !== undefined) {
        const outcome = await followJob(gateway, 'update_server', {
          server,
          ...(flags.version === undefined ? {} : { version: flags.version }),
        });
        if (!outcome.ok) return reportJobFailure(outcome.failure, json);
        if (json) return printJson({ via: gateway.via, ...outcome.answer });
        return printLine(describeUpdate(outcome.answer as unknown as UpdateAnswer));
      }
      const results: Record<string, unknown>[] = [];
      for (const name of servers) {
        const outcome = await followJob(gateway, 'update_server', { server: name });
        if (outcome.ok) {
          results.push(outcome.answer);
          if (!json) printLine(describeUpdate(outcome.answer as unknown as UpdateAnswer));
          continue;
        }
        markFailure();
        results.push({ server: name, state: 'failed', error: errorOf(outcome.failure) });
        if (!json) reportJobFailure(outcome.failure, false);
      }
      if (json) return printJson({ via: gateway.via, servers: results });
      if (servers.length === 0)
        printLine('No server in servers.json was provisioned by toolgate from npm; nothing to update.');
    } finally {
      await gateway.close();
    }
  });
}

function checkUsage(server: string | undefined, flags: UpdateFlags): void {
  const example = 'Example: toolgate update memory --version latest, or toolgate update --all';
  if (server === undefined && !flags.all)
    throw new GatewayError('USAGE', 'Expected a server name or --all, received neither.', { hint: example });
  if (server !== undefined && flags.all)
    throw new GatewayError(
      'USAGE',
      `Expected a server name or --all, received both ("${server.slice(0, 80)}" and --all).`,
      { hint: example },
    );
  if (flags.all && flags.version !== undefined) {
    throw new GatewayError(
      'USAGE',
      "--version applies to one server; with --all each server goes to its manifest version (else npm's latest).",
      { hint: example },
    );
  }
  if (server !== undefined) checkServerNameArgument(server);
  if (flags.version !== undefined && flags.version.trim() === '')
    throw new GatewayError('USAGE', '--version expects an exact version or "latest"; received an empty value.', {
      hint: example,
    });
}

/** Servers.json entries whose `toolgate` provenance says npm with a package: the ones update_server accepts. */
async function npmProvisionedServers(): Promise<string[]> {
  const file = new ServersFile(cliContext().paths.serversFile);
  const entries = await file.read();
  return Object.keys(entries)
    .filter((name) => {
      const provenance = file.provenanceOf(entries[name]);
      return provenance?.method === 'npm' && provenance.package !== undefined;
    })
    .sort();
}

function describeUpdate(answer: UpdateAnswer): string {
  if (answer.updated === false)
    return `${answer.server}: already at ${answer.version ?? 'that version'}; nothing changed`;
  const tools = answer.tools === undefined ? '' : `, ${countOf(answer.tools, 'tool')}`;
  return `${answer.server}: updated ${answer.from ?? '?'} -> ${answer.version ?? '?'}${tools}${answer.note ? ` (${answer.note})` : ''}`;
}

function errorOf(failure: CallToolResult): unknown {
  return (
    (failure.structuredContent as { error?: unknown } | undefined)?.error ?? {
      code: 'INTERNAL',
      message: 'The update failed without an error object.',
    }
  );
}
