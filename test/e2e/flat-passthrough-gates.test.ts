// Flat prompts and resources through the gateway's gates, against server-everything: deny rules, redaction, caps, rate limits, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditRecords } from '../support/audit-records.js';
import { rpcErrorOf } from '../support/gateway-error-of.js';
import { everythingServer, startGateway, waitFor, type GatewayProcess } from '../support/gateway-process.js';

const DENIED = 'demo://resource/static/document/extension.md';
const LONG = 'demo://resource/static/document/architecture.md';
/** A GitHub token shape: the built-in redaction replaces it wherever it appears. */
const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`;

const POLICY = `
max_output_bytes: 300
tools:
  deny: ["everything::${DENIED}"]
gates:
  rate_limit:
    per_tool: 3
`;

interface AuditLine {
  tool_id: string;
  kind?: string;
  via?: string;
  decision: string;
  outcome: string;
  error_code?: string;
  gates: Array<{ gate: string; passed: boolean; detail?: string }>;
}

describe('flat prompts and resources pass the gates of a tool call', () => {
  let gw: GatewayProcess;
  const audit = () => readAuditRecords<AuditLine>(gw.sandbox.toolgateHome);

  beforeAll(async () => {
    gw = await startGateway({
      servers: { everything: everythingServer() },
      policy: POLICY,
      args: ['--exposure', 'flat'],
    });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses a resource read that tools.deny names, and audits it as blocked', async () => {
    const error = await rpcErrorOf(gw.client.readResource({ uri: DENIED }));
    expect(error.code).toBe(-32001);
    expect(error.message).toContain(`everything::${DENIED}`);
    expect(await waitFor(() => audit().some((line) => line.tool_id === DENIED), 5_000)).toBe(true);
    expect(audit().find((line) => line.tool_id === DENIED)).toMatchObject({
      kind: 'resource',
      via: 'flat',
      decision: 'blocked',
      outcome: 'blocked',
      error_code: 'POLICY_DENIED',
    });
  });

  it('redacts a credential in a prompt result and notes the secrets gate in the audit line', async () => {
    const result = await gw.client.getPrompt({ name: 'everything__args-prompt', arguments: { city: TOKEN } });
    const text = JSON.stringify(result.messages);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[REDACTED:');
    expect(await waitFor(() => audit().some((line) => line.kind === 'prompt'), 5_000)).toBe(true);
    const line = audit().find((entry) => entry.kind === 'prompt');
    expect(line).toMatchObject({ tool_id: 'everything__args-prompt', decision: 'allowed', outcome: 'ok' });
    expect(line?.gates).toContainEqual({
      gate: 'secrets',
      passed: true,
      detail: '1 credential found in the output and redacted',
    });
  });

  it('caps a resource over max_output_bytes and says so in _meta', async () => {
    const result = await gw.client.readResource({ uri: LONG });
    const [contents] = result.contents;
    expect(contents?.uri).toBe(LONG);
    const text = contents && 'text' in contents ? String(contents.text) : '';
    expect(text).toMatch(/\[toolgate: output truncated, [\d,]+ of [\d,]+ bytes cut \(max_output_bytes=300\)/);
    expect(Buffer.byteLength(text)).toBeLessThan(600);
    expect(result._meta?.['toolgate/truncated']).toMatchObject({ blocks: 1 });
  });

  it('counts resource reads against the server under per_tool, and refuses the one over it', async () => {
    // One read so far passed the gates (the capped one); the denied read spent nothing.
    await gw.client.readResource({ uri: LONG });
    await gw.client.readResource({ uri: 'demo://resource/static/document/features.md' });
    const error = await rpcErrorOf(gw.client.readResource({ uri: LONG }));
    expect(error.code).toBe(-32000);
    expect(error.message).toContain('more than 3 times in a minute');
    // A prompt is its own kind: its allowance is untouched.
    await expect(gw.client.getPrompt({ name: 'everything__simple-prompt' })).resolves.toHaveProperty('messages');
  });
});
