// F14: terminal escape sequences in a tool id or a client name reached the terminal through `toolgate logs --audit`
// and `toolgate status`: forged lines, clipboard writes (OSC 52). The CLI's human output now shows every control
// character as a visible escape; --json stays JSON (and parses back to the same text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditRecords } from '../support/audit-records.js';
import { startGateway, waitFor, type GatewayProcess } from '../support/gateway-process.js';
import { runCli } from '../cli/run-cli.js';

/** OSC 52 (write "pwned" to the clipboard), then a forged line: erase the line, return, fake a record. */
const CLIPBOARD = '\u001b]52;c;cHduZWQ=\u0007';
const FORGE = '\u001b[2K\r09:00:00.000  allowed      github::list_issues  ok\u001b[31m';
const C1_CSI = '\u009b31m';
const HOSTILE_TOOL = `evil::x${CLIPBOARD}${FORGE}${C1_CSI}\u202e`;
const HOSTILE_CLIENT = `client${CLIPBOARD}\n  fake-session  stdio  admin${FORGE}`;
/** What must never reach a terminal raw: C0 controls but newline and tab, DEL, C1, bidi overrides. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('F14: control characters from outside never reach the terminal raw', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    gw = await startGateway({ clientName: HOSTILE_CLIENT });
    await gw.call('gateway_invoke', { tool_id: HOSTILE_TOOL, arguments: {} });
    await waitFor(() => readAuditRecords(gw.sandbox.toolgateHome).length > 0, 10_000);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('logs --audit shows a hostile tool id with its escapes made visible, on one line', async () => {
    const run = await runCli(gw.sandbox, ['logs', '--audit']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('evil::x\\u001b]52;c;cHduZWQ=\\u0007\\u001b[2K\\r09:00:00.000');
  });

  it('logs --audit --json stays JSON that parses back to the exact tool id, with nothing raw', async () => {
    const run = await runCli(gw.sandbox, ['logs', '--audit', '--json']);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(run.stdout.trim()) as { tool_id: string }).tool_id).toBe(HOSTILE_TOOL);
  });

  it('status shows a hostile client name with its escapes made visible, forging no session line', async () => {
    const run = await runCli(gw.sandbox, ['status']);
    expect(run.stdout, run.stderr).toContain('sessions (1):');
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).not.toMatch(/^ {2}fake-session/m);
    expect(run.stdout).toContain('client\\u001b]52;c;cHduZWQ=\\u0007\\n  fake-session');
  });
});
