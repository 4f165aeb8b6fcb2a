import { describe, expect, it } from 'vitest';
import { logCalls } from '../../../src/call-path/stages/01-log-calls.js';
import { GatewayError } from '../../../src/errors/index.js';
import { silentLogger, type Logger } from '../../../src/log/logger.js';
import { receivedCall, runStage } from '../stage-harness.js';

function recordingLogger(lines: { level: string; fields: object; message?: string }[]): Logger {
  const at = (level: string) => (fields: object, message?: string) =>
    void lines.push({ level, fields, ...(message === undefined ? {} : { message }) });
  return { ...silentLogger, debug: at('debug'), info: at('info'), child: () => recordingLogger(lines) };
}

describe('stage 1: log calls', () => {
  it('logs a successful call at debug with its tool id, session and duration, and no argument values', async () => {
    const lines: { level: string; fields: object }[] = [];
    await runStage(logCalls(recordingLogger(lines)), receivedCall({ arguments: { secret: 'value-1' } }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'debug',
      fields: { tool_id: 'srv::echo', session: 's1', is_error: false },
    });
    expect(JSON.stringify(lines)).not.toContain('value-1');
  });

  it('logs a failed call at info with its error code and throws the error on', async () => {
    const lines: { level: string; fields: object }[] = [];
    const error = new GatewayError('TOOL_NOT_FOUND', 'no such tool');
    await expect(runStage(logCalls(recordingLogger(lines)), receivedCall(), error)).rejects.toBe(error);
    expect(lines[0]).toMatchObject({ level: 'info', fields: { code: 'TOOL_NOT_FOUND' } });
  });
});
