// F8: a server's flood of notifications/tools/list_changed is coalesced: a few re-lists, a few log lines, and its next call answers.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/gateway-process.js';
import { callJson, recordingLogger, useHostileConnections } from './hostile-connection.js';

const connect = useHostileConnections();

describe('F8: list_changed flood', () => {
  it('re-lists at most a few times for 10,000 notifications, logs the burst once with its count, and answers the next call', async () => {
    const logger = recordingLogger();
    const connection = connect(logger);
    await connection.ensureReady();
    const { tools_list: before } = await callJson<{ tools_list: number }>(connection, 'stats');
    expect(before).toBe(1);

    await connection.callTool({ name: 'list_changed_flood', arguments: { count: 10_000 } }, { timeoutMs: 120_000 });
    // The server's next call: it must not wait behind thousands of re-lists.
    expect(
      (await connection.callTool({ name: 'ok', arguments: { text: 'still here' } }, { timeoutMs: 120_000 })).content,
    ).toEqual([{ type: 'text', text: 'still here' }]);

    const changedLines = () => logger.lines.filter((line) => line.message === 'tool list changed');
    const merged = () => changedLines().reduce((sum, line) => sum + Number(line.fields.notifications ?? 1), 0);
    // Every notification is answered by some re-list, each logged once with how many it answered for.
    expect(await waitFor(() => merged() >= 10_000, 60_000)).toBe(true);
    expect(merged()).toBe(10_000);
    const { tools_list: after } = await callJson<{ tools_list: number }>(connection, 'stats');
    // One in flight plus one pending at any time: the whole burst costs a handful of re-lists, not 10,000.
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBeLessThanOrEqual(5);
    expect(changedLines().length).toBe(after - before);
  });
});
