// Red-team re-check of F9: a server's stderr of many short lines (not one long one). Each was logged: 1M lines of
// "x" (2 MB) cost the gateway 8.5 CPU-seconds and held another server's call for 21 s. Now a bounded number per window is logged.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import type { StdioServerEntry } from '../../src/config/server-entry.js';
import { createTransport } from '../../src/downstream/create-transport.js';
import { MAX_STDERR_LINES_LOGGED } from '../../src/downstream/stderr-log-budget.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { ROOT } from '../support/gateway-process.js';

const LINES = 200_000;
const ECHO = path.join(ROOT, 'test', 'fixtures', 'echo-server.mjs');

/** Writes LINES short lines to stderr (each write waits for the gateway to read), then serves as the echo fixture. */
const FLOOD = `const fs = require('fs'); const chunk = 'x\\n'.repeat(10000); for (let i = 0; i < ${LINES / 10_000}; i++) fs.writeSync(2, chunk); import(${JSON.stringify(ECHO)});`;

describe('red team, F9: stderr of many short lines', () => {
  it(
    'logs at most MAX_STDERR_LINES_LOGGED of them, says how many were not, and the server still answers',
    { timeout: 120_000 },
    async () => {
      const logged: string[] = [];
      const warnings: string[] = [];
      const logger: Logger = {
        ...silentLogger,
        info: (_fields, message) => void logged.push(message ?? ''),
        warn: (_fields, message) => void warnings.push(message ?? ''),
        child: () => logger,
      };
      const entry: StdioServerEntry = {
        name: 'flood',
        source: 'test',
        transport: 'stdio',
        command: process.execPath,
        args: ['-e', FLOOD],
        env: { PATH: process.env.PATH ?? '' },
      };
      const client = new Client({ name: 'toolgate-test', version: '0.0.0' });
      try {
        await client.connect(createTransport(entry, { secrets: {}, logger }));
        const answer = await client.callTool(
          { name: 'echo', arguments: { text: 'after' } },
          {
            timeout: 60_000,
          },
        );
        expect((answer.content as { text: string }[])[0]?.text).toBe('after');
      } finally {
        await client.close();
      }
      expect(logged.filter((message) => message === 'downstream stderr').length).toBeLessThanOrEqual(
        MAX_STDERR_LINES_LOGGED,
      );
      expect(warnings.some((message) => message.includes('too many lines'))).toBe(true);
    },
  );
});
