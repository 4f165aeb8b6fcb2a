// The stdio session: its end reaches both the gateway and the session's own cleanup.
import { PassThrough } from 'node:stream';
import { Server } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { serveStdio } from '../../src/upstream/serve-stdio.js';

describe('serveStdio', () => {
  it("runs the session server's own onclose as well as its onClose when stdin ends", async () => {
    const ended: string[] = [];
    const stdin = new PassThrough();
    await serveStdio({
      createServer: () => {
        const server = new Server({ name: 's', version: '1' }, { capabilities: {} });
        server.onclose = () => void ended.push('session cleanup');
        return server;
      },
      logger: silentLogger,
      onClose: (reason) => void ended.push(reason),
      stdin,
      stdout: new PassThrough(),
    });
    stdin.end();
    await expect.poll(() => ended.length).toBe(2);
    expect(ended).toEqual(['session cleanup', 'stdin closed']);
  });
});
