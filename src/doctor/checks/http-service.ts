// Doctor: is the HTTP port free, taken by toolgate's service, or taken by something else.
import http from 'node:http';
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, reachableHost } from '../../config/http-defaults.js';
import { settingsFromEnv } from '../../settings/parse-settings.js';
import { isLoopbackHost } from '../../http/request-guard.js';
import { check, type CheckResult } from '../doctor-check.js';
import { findPortOwner, toolgateHomeOf } from '../port-owner.js';

/** The whole probe (connect and GET /healthz) gives up after this long. */
export const DEFAULT_PROBE_TIMEOUT_MS = 1_500;

type Probe =
  { kind: 'free' } | { kind: 'toolgate' } | { kind: 'other'; detail: string } | { kind: 'error'; detail: string };

/**
 * `runningUrl`: the MCP URL the lock owner wrote down when a gateway serves HTTP now. That service is
 * probed rather than TOOLGATE_PORT, which the running one may not use (`--port 0`, another shell).
 */
export async function checkHttpService(
  env: Record<string, string | undefined>,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
  runningUrl?: string,
): Promise<CheckResult> {
  if (runningUrl !== undefined) return checkRunningService(runningUrl, timeoutMs);
  const settings = settingsFromEnv(env);
  const problem = settings.problem('port');
  if (problem)
    return check('http-port', 'fail', problem.message, {
      fix: `Unset TOOLGATE_PORT (${DEFAULT_HTTP_PORT} is the default) or set it to a free port.`,
    });
  const port = settings.port;
  // Port 0 is no port yet: `serve --http` asks the system for a free one when it starts.
  if (port === 0)
    return check(
      'http-port',
      'ok',
      'TOOLGATE_PORT is 0: `toolgate serve --http` picks a free port when it starts, so there is no port to probe',
    );
  const bind = settings.host;
  // A wildcard bind is reachable on loopback; any other address is probed as configured.
  const host = isLoopbackHost(bind) ? DEFAULT_HTTP_HOST : reachableHost(bind);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const probe = await probeHealth(host, port, timeoutMs);
  switch (probe.kind) {
    case 'free':
      return check('http-port', 'ok', `nothing listens on ${url}; \`toolgate serve --http\` can use it`);
    case 'toolgate':
      // The running gateway of this TOOLGATE_HOME was probed above: a toolgate here belongs to another one.
      return anotherToolgate(port);
    case 'other': {
      const owner = findPortOwner(port);
      const who = owner ? `another program, pid ${owner.pid}: ${owner.command}` : 'another program';
      return check('http-port', 'warn', `port ${port} is in use by ${who} (${probe.detail}), not toolgate's service`, {
        fix: `Stop that program${owner ? ` (kill ${owner.pid})` : ''}, or set TOOLGATE_PORT to a free port for \`toolgate serve --http\`.`,
      });
    }
    case 'error':
      return check('http-port', 'warn', `could not probe ${url}: ${probe.detail}`, {
        fix: `Check that ${host} is an address of this machine, or unset TOOLGATE_HOST.`,
      });
  }
}

/** A toolgate answers /healthz on the port, but not the one whose lock this TOOLGATE_HOME holds. */
function anotherToolgate(port: number): CheckResult {
  const owner = findPortOwner(port);
  const home = owner ? toolgateHomeOf(owner.pid) : undefined;
  const facts = [owner ? `pid ${owner.pid}` : '', home ? `TOOLGATE_HOME ${home}` : ''].filter(Boolean).join(', ');
  return check(
    'http-port',
    'warn',
    `port ${port} is in use by another toolgate gateway${facts ? ` (${facts})` : ' (not one of your processes, or not found in /proc)'}, not the one of this TOOLGATE_HOME: \`toolgate serve --http\` here would find the address in use`,
    {
      fix: `Use that gateway by running toolgate with ${home ? `TOOLGATE_HOME=${home}` : 'its TOOLGATE_HOME'}, stop it${owner ? ` (kill ${owner.pid})` : ''}, or set TOOLGATE_PORT to a free port.`,
    },
  );
}

async function checkRunningService(mcpUrl: string, timeoutMs: number): Promise<CheckResult> {
  let url: URL;
  try {
    url = new URL(mcpUrl);
  } catch {
    return check(
      'http-port',
      'warn',
      `the lock note names an HTTP service at "${mcpUrl.slice(0, 100)}", which is not a URL`,
      { fix: 'Restart the gateway; it writes its URL again.' },
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const probe = await probeHealth(host, Number(url.port), timeoutMs);
  if (probe.kind === 'toolgate') {
    // /status needs the token like every route but /healthz: answered without one, anybody can drive the service.
    if ((await statusWithoutToken(host, Number(url.port), timeoutMs)) === 200) {
      return check(
        'http-port',
        'fail',
        `the running gateway's HTTP service at ${mcpUrl} answers without a token (--unsafe-no-token): any local account can run your tools through it`,
        {
          fix: 'Restart it without --unsafe-no-token: it then requires the token generated in TOOLGATE_HOME/http-token (`toolgate setup --mode http` writes it into clients).',
        },
      );
    }
    return check('http-port', 'ok', `the running gateway's HTTP service answers at ${mcpUrl}`);
  }
  return check(
    'http-port',
    'fail',
    `the running gateway says it serves ${mcpUrl}, but GET /healthz there ${probe.kind === 'free' ? 'was refused' : `failed (${probe.detail})`}`,
    {
      fix: 'See `toolgate logs --level warn`; restart the service if it is stuck.',
    },
  );
}

/** A fresh connection each time (`agent: false`): a kept-alive socket could belong to a server that is gone. */
function probeHealth(host: string, port: number, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve) => {
    const request = http.get(
      { host, port, path: '/healthz', timeout: timeoutMs, agent: false, headers: { accept: 'application/json' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 4_096) body += chunk;
        });
        response.on('end', () =>
          resolve(
            isToolgateHealth(response.statusCode, body)
              ? { kind: 'toolgate' }
              : { kind: 'other', detail: `GET /healthz answered ${response.statusCode}` },
          ),
        );
        response.on('error', () => resolve({ kind: 'other', detail: 'the answer to GET /healthz broke off' }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve({ kind: 'free' });
      else if (error.message === 'timeout') resolve({ kind: 'other', detail: `no HTTP answer within ${timeoutMs} ms` });
      else if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_CONSTANT')
        resolve({ kind: 'other', detail: 'it does not speak HTTP' });
      else resolve({ kind: 'error', detail: error.code ?? error.message });
    });
  });
}

/** The status code of GET /status sent with no token; undefined when there was no answer. */
function statusWithoutToken(host: string, port: number, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/status', timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function isToolgateHealth(status: number | undefined, body: string): boolean {
  if (status !== 200) return false;
  try {
    return (JSON.parse(body) as { status?: unknown }).status === 'ok';
  } catch {
    return false;
  }
}
