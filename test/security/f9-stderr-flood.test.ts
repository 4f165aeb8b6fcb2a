// F9: 40 MB of stderr without a newline is handled in linear time and bounded memory: one cut line, a bounded tail, calls still answer.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ChildProcessTransport, DEFAULT_STDERR_TAIL_LINES } from '../../src/downstream/child-process-transport.js';
import { MAX_STDERR_LINE_CHARS } from '../../src/downstream/stderr-lines.js';
import { ROOT } from '../support/gateway-process.js';

const HOSTILE = path.join(ROOT, 'test', 'fixtures', 'hostile-server.mjs');
/** What a cut line may add to its kept characters: the note saying it was cut. */
const NOTE_ROOM = 200;

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
});

async function connect(
  name: string,
  onStderrLine: (line: string) => void,
): Promise<{ client: Client; transport: ChildProcessTransport }> {
  const transport = new ChildProcessTransport({
    command: process.execPath,
    args: [HOSTILE],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FIXTURE_NAME: name },
    onStderrLine,
  });
  const client = new Client({ name: 'toolgate-test', version: '0.0.0' });
  clients.push(client);
  await client.connect(transport);
  return { client, transport };
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as { text?: string }[])[0]?.text;

describe('F9: stderr flood', () => {
  it('keeps a bounded line and tail for 40 MB of stderr without a newline while another server keeps answering', async () => {
    const flooded: string[] = [];
    const other: string[] = [];
    const { client, transport } = await connect('flooder', (line) => flooded.push(line));
    const { client: bystander } = await connect('bystander', (line) => other.push(line));

    const flood = client.callTool({ name: 'stderr_flood', arguments: { mb: 40 } }, { timeout: 300_000 });
    expect(textOf(await bystander.callTool({ name: 'ok', arguments: { text: 'during' } }, { timeout: 300_000 }))).toBe(
      'during',
    );
    expect(textOf(await flood)).toBe('flooded');
    expect(textOf(await client.callTool({ name: 'ok', arguments: { text: 'after' } }, { timeout: 300_000 }))).toBe(
      'after',
    );

    // One over-long line: reported once, cut, with a note; nothing of its 40 MB is held beyond the cap.
    expect(flooded).toHaveLength(1);
    expect(flooded[0]!.length).toBeLessThanOrEqual(MAX_STDERR_LINE_CHARS + NOTE_ROOM);
    expect(flooded[0]).toContain(`cut at ${MAX_STDERR_LINE_CHARS} characters`);
    const kept = transport.recentStderr;
    expect(kept.length).toBeLessThanOrEqual(DEFAULT_STDERR_TAIL_LINES + 1);
    expect(kept.join('').length).toBeLessThanOrEqual(
      (DEFAULT_STDERR_TAIL_LINES + 1) * (MAX_STDERR_LINE_CHARS + NOTE_ROOM),
    );
  });
});
