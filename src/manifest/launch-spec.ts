// How a manifest server is started: the command line of a local server, or the address of a remote one.
import { GatewayError } from '../errors/index.js';
import type { ManifestServer } from './manifest-schema.js';

/** A local server, run with an argument array (never a shell). `${VAR}` templates in args are left for the caller. */
export interface StdioLaunchSpec {
  kind: 'stdio';
  command: string;
  args: string[];
  /** Names of the env vars the child should receive (values come from secrets or the environment). */
  envNames: string[];
}

export interface RemoteLaunchSpec {
  kind: 'remote';
  transport: 'http' | 'sse';
  url: string;
  /** Header values may hold `${VAR}` templates, filled by the caller. */
  headers: Record<string, string>;
}

export type LaunchSpec = StdioLaunchSpec | RemoteLaunchSpec;

export function launchSpecOf(server: ManifestServer): LaunchSpec {
  const envNames = server.env.map((variable) => variable.name);
  if (server.npm) {
    const { package: name, version, bin, args = [] } = server.npm;
    // `npx -y pkg@v` runs the bin named after the package (or its only bin); `-p ... <bin>` picks another one.
    const head = bin === undefined ? ['-y', `${name}@${version}`] : ['-y', '-p', `${name}@${version}`, bin];
    return { kind: 'stdio', command: 'npx', args: [...head, ...args], envNames };
  }
  if (server.pypi) {
    const { package: name, version, bin, args = [] } = server.pypi;
    const head = bin === undefined ? [`${name}==${version}`] : ['--from', `${name}==${version}`, bin];
    return { kind: 'stdio', command: 'uvx', args: [...head, ...args], envNames };
  }
  if (server.docker) {
    // `-e NAME` without a value passes the variable through from docker's own environment, so no secret is on the command line.
    const envFlags = envNames.flatMap((name) => ['-e', name]);
    return { kind: 'stdio', command: 'docker', args: ['run', '-i', '--rm', ...envFlags, server.docker.image, ...(server.docker.args ?? [])], envNames };
  }
  if (server.url !== undefined && server.transport !== 'stdio') {
    return { kind: 'remote', transport: server.transport, url: server.url, headers: { ...server.headers } };
  }
  // The schema makes this unreachable; kept so a hand-built object cannot yield a half-spec.
  throw new GatewayError('MANIFEST_INVALID', `The manifest server "${server.name}" has no run method: expected one of npm, pypi, docker or url.`, {
    hint: 'Validate the entry with manifestServerSchema before launching it.',
  });
}
