// Doctor: asks the running gateway (its control socket, as `status` does) how each server really fares.
import { controlRequest } from '../../control/control-request.js';
import { locateRunningGateway, type RunningGateway } from '../../control/locate-gateway.js';
import { check, type CheckResult } from '../doctor-check.js';

/** The control socket is local: a gateway that takes longer than this to report its status is stuck. */
export const DEFAULT_STATUS_TIMEOUT_MS = 5_000;
/** How many of a failed server's last stderr lines a finding quotes (`toolgate status --json` has them all). */
export const STDERR_LINES_SHOWN = 5;
/** A quoted stderr line or error message is cut here, so one noisy server cannot flood the report. */
const MAX_QUOTED_CHARS = 300;

/** What doctor reads of `GET /status`; every field is checked before use (the socket could be anything). */
interface ServerFacts {
  name: string;
  state: string;
  tools?: unknown;
  last_error?: unknown;
}

export async function checkRunningServers(
  lockDir: string,
  timeoutMs = DEFAULT_STATUS_TIMEOUT_MS,
): Promise<CheckResult[]> {
  const running = await locateRunningGateway(lockDir);
  if (!running) return [];
  let servers: ServerFacts[];
  try {
    servers = serversOf(await controlRequest(running, 'GET', '/status', timeoutMs));
  } catch (error) {
    return [
      check(
        'gateway',
        'fail',
        `the running gateway (pid ${running.owner.pid}) did not report its servers: ${quote((error as Error).message)}`,
        { fix: 'See `toolgate logs --level warn`; if it stays stuck, stop it and start your client again.' },
      ),
    ];
  }
  return servers.filter((server) => server.state !== 'disabled').map((server) => serverFinding(server, running));
}

function serversOf(report: unknown): ServerFacts[] {
  const servers = (report as { servers?: unknown } | null)?.servers;
  if (!Array.isArray(servers)) throw new Error('its /status answer has no "servers" list');
  return servers.filter(
    (server): server is ServerFacts =>
      typeof server === 'object' &&
      server !== null &&
      typeof (server as ServerFacts).name === 'string' &&
      typeof (server as ServerFacts).state === 'string',
  );
}

/** Disabled servers are the config checks' finding; every other state is reported here. */
function serverFinding(server: ServerFacts, running: RunningGateway): CheckResult {
  const where = `in the running gateway (pid ${running.owner.pid})`;
  const subject = server.name;
  if (server.state === 'failed') {
    return check('server-running', 'fail', `${server.name}: failed ${where}: ${failureText(server.last_error)}`, {
      subject,
      fix: `Fix what its stderr says (run its command by hand to see all of it), then \`toolgate refresh --server ${server.name}\`.`,
    });
  }
  const tools = typeof server.tools === 'number' ? `, ${server.tools} tools` : '';
  const last = server.last_error === undefined ? '' : `; it failed before: ${failureText(server.last_error)}`;
  return check('server-running', last ? 'warn' : 'ok', `${server.name}: ${server.state} ${where}${tools}${last}`, {
    subject,
    ...(last ? { fix: 'See `toolgate status` and `toolgate logs --level warn` if it fails again.' } : {}),
  });
}

/** "exited with code 3 ... | exit code 3 | stderr: a | b", from the gateway's ServerFailure. */
function failureText(failure: unknown): string {
  if (typeof failure !== 'object' || failure === null) return 'no error was recorded';
  const { message, exitCode, signal, stderr } = failure as Record<string, unknown>;
  const hasStderr = Array.isArray(stderr) && stderr.length > 0;
  // The gateway's message ends with a few stderr lines; the fuller tail below replaces them.
  const said = typeof message === 'string' ? (hasStderr ? message.replace(/ Last stderr: [\s\S]*$/, '') : message) : '';
  const parts = [said ? quote(said) : 'no message'];
  if (typeof exitCode === 'number' && !(typeof message === 'string' && message.includes(`code ${exitCode}`)))
    parts.push(`exit code ${exitCode}`);
  if (typeof signal === 'string') parts.push(`signal ${signal}`);
  if (hasStderr) {
    const lines = stderr.slice(-STDERR_LINES_SHOWN).map((line) => quote(String(line)));
    parts.push(`stderr (last ${lines.length} of ${stderr.length} lines): ${lines.join(' | ')}`);
  }
  return parts.join('; ');
}

function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > MAX_QUOTED_CHARS ? `${line.slice(0, MAX_QUOTED_CHARS)}…` : line;
}
