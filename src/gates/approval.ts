// Asks the user to approve one call (MCP elicitation, through whatever asks): a refusal, a timeout or no way to ask is a denial.
import { SdkErrorCode, SdkError } from '@modelcontextprotocol/server';
import { redactArguments } from '../audit/audit-log.js';
import type { GateView } from './call-gates.js';
import type { GateOutcome } from './gate-types.js';

export type ApprovalAnswer = 'accept' | 'decline' | 'cancel';

/** Puts a question to the user and resolves with their answer; rejects when asking fails. */
export type AskUser = (message: string, options: { timeoutMs: number; signal: AbortSignal }) => Promise<ApprovalAnswer>;

/**
 * The question shows the arguments whole, up to this many characters (as JSON, credentials masked); a call
 * whose arguments are longer is refused without asking: nobody may approve what they cannot see.
 */
export const MAX_APPROVAL_ARGUMENTS_CHARS = 4_000;

/** No audit-style cuts in the question: what the user approves is what runs. */
const WHOLE = { maxStringChars: Infinity, maxDepth: Infinity, maxEntries: Infinity, maxTotalChars: Infinity };

export interface ApprovalRequest {
  toolId: string;
  /** The arguments as the user may see them: already redacted by the caller. */
  argumentsPreview: string;
  /** Which policy rule asks (named in the audit log). */
  reason: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export async function askApproval(ask: AskUser | undefined, request: ApprovalRequest): Promise<GateOutcome> {
  if (!ask)
    return {
      gate: 'approval',
      passed: false,
      detail: `${request.reason}; the client cannot ask the user (no elicitation support)`,
    };
  const shown = request.argumentsPreview.length;
  if (shown > MAX_APPROVAL_ARGUMENTS_CHARS) {
    return {
      gate: 'approval',
      passed: false,
      detail: `${request.reason}; the arguments take ${shown} characters, over the ${MAX_APPROVAL_ARGUMENTS_CHARS} an approval question shows whole, so the user was not asked; call it with shorter arguments`,
    };
  }
  const message = `Allow the tool call ${request.toolId}?\nArguments: ${request.argumentsPreview}\nAccept to run it; decline to refuse.`;
  try {
    const answer = await ask(message, { timeoutMs: request.timeoutMs, signal: request.signal });
    if (answer === 'accept') return { gate: 'approval', passed: true, detail: 'approved by the user' };
    return {
      gate: 'approval',
      passed: false,
      detail: answer === 'decline' ? 'the user declined' : 'the user dismissed the question',
    };
  } catch (error) {
    if (request.signal.aborted)
      return { gate: 'approval', passed: false, detail: 'the call was cancelled while waiting for approval' };
    const timedOut = error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout;
    return {
      gate: 'approval',
      passed: false,
      detail: timedOut
        ? `no answer within ${request.timeoutMs} ms`
        : `the question could not be asked (${String((error as Error).message ?? error).slice(0, 200)})`,
    };
  }
}

/** Monitor mode never interrupts the user: the question that would have been asked is only recorded. */
export function approvalNotAsked(reason: string): GateOutcome {
  return { gate: 'approval', passed: false, detail: `${reason}; not asked in monitor mode` };
}

/** The arguments as the user is shown them: whole, credentials masked as the audit log masks them. */
export function approvalPreview(args: unknown, view: GateView): string {
  return (
    JSON.stringify(redactArguments(args, view.policy.redactKeys, (text) => view.redactor(text).text, WHOLE)) ?? '{}'
  );
}

/** Whether a client's initialize capabilities allow a form question (an empty `elicitation: {}` means form). */
export function supportsFormElicitation(capabilities: unknown): boolean {
  if (typeof capabilities !== 'object' || capabilities === null) return false;
  const elicitation = (capabilities as { elicitation?: unknown }).elicitation;
  if (typeof elicitation !== 'object' || elicitation === null) return false;
  const keys = Object.keys(elicitation);
  return keys.length === 0 || keys.includes('form');
}
