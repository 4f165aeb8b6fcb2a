// askApproval: the user's answer (or its absence) as the approval gate's outcome.
import { SdkErrorCode, SdkError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import {
  askApproval,
  MAX_APPROVAL_ARGUMENTS_CHARS,
  supportsFormElicitation,
  type AskUser,
  type ApprovalRequest,
} from '../../src/gates/approval.js';

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    toolId: 'srv::drop_table',
    argumentsPreview: '{"table":"users"}',
    reason: 'approval required by approval "srv::drop_*"',
    timeoutMs: 1_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('askApproval', () => {
  it('passes when the user accepts, and shows them the tool and the arguments', async () => {
    const asked: Array<{ message: string; timeoutMs: number }> = [];
    const ask: AskUser = async (message, options) => {
      asked.push({ message, timeoutMs: options.timeoutMs });
      return 'accept';
    };
    expect(await askApproval(ask, request())).toEqual({
      gate: 'approval',
      passed: true,
      detail: 'approved by the user',
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain('srv::drop_table');
    expect(asked[0]?.message).toContain('{"table":"users"}');
    expect(asked[0]?.timeoutMs).toBe(1_000);
  });

  it('fails when the user declines', async () => {
    expect(await askApproval(async () => 'decline', request())).toEqual({
      gate: 'approval',
      passed: false,
      detail: 'the user declined',
    });
  });

  it('fails when the user dismisses the question (cancel)', async () => {
    expect(await askApproval(async () => 'cancel', request())).toEqual({
      gate: 'approval',
      passed: false,
      detail: 'the user dismissed the question',
    });
  });

  it('fails with the timeout when asking throws a timeout', async () => {
    const outcome = await askApproval(
      async () => Promise.reject(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out')),
      request({ timeoutMs: 1234 }),
    );
    expect(outcome).toEqual({ gate: 'approval', passed: false, detail: 'no answer within 1234 ms' });
  });

  it('fails with the reason when asking throws anything else', async () => {
    const outcome = await askApproval(
      async () => Promise.reject(new Error('Client does not support elicitation')),
      request(),
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toContain('could not be asked (Client does not support elicitation)');
  });

  it('fails without asking when there is no way to ask the user', async () => {
    const outcome = await askApproval(undefined, request());
    expect(outcome.passed).toBe(false);
    expect(outcome.detail).toContain('no elicitation support');
    expect(outcome.detail).toContain('srv::drop_*');
  });

  it('fails as cancelled when the call is aborted while waiting', async () => {
    const controller = new AbortController();
    const ask: AskUser = (_message, { signal }) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('AbortError: whatever')));
      });
    const pending = askApproval(ask, request({ signal: controller.signal }));
    controller.abort();
    expect(await pending).toEqual({
      gate: 'approval',
      passed: false,
      detail: 'the call was cancelled while waiting for approval',
    });
  });

  it('shows arguments up to the cap whole, and refuses longer ones without asking (never a cut question)', async () => {
    const asked: string[] = [];
    const ask: AskUser = async (text) => (asked.push(text), 'accept');
    expect(
      (await askApproval(ask, request({ argumentsPreview: 'y'.repeat(MAX_APPROVAL_ARGUMENTS_CHARS) }))).passed,
    ).toBe(true);
    expect(asked[0]).toContain('y'.repeat(MAX_APPROVAL_ARGUMENTS_CHARS));
    expect(
      (await askApproval(ask, request({ argumentsPreview: 'y'.repeat(MAX_APPROVAL_ARGUMENTS_CHARS + 1) }))).passed,
    ).toBe(false);
    expect(asked).toHaveLength(1);
  });
});

describe('supportsFormElicitation', () => {
  it('accepts elicitation {} and { form }, refuses URL mode only and no elicitation', () => {
    expect(supportsFormElicitation({ elicitation: {} })).toBe(true);
    expect(supportsFormElicitation({ elicitation: { form: {}, url: {} } })).toBe(true);
    expect(supportsFormElicitation({ elicitation: { url: {} } })).toBe(false);
    expect(supportsFormElicitation({ sampling: {} })).toBe(false);
    expect(supportsFormElicitation(undefined)).toBe(false);
  });
});
