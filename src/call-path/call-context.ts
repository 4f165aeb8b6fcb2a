// What a call's stages and its last step know about the caller: cancellation, progress, the session, how to ask the user.
import type { Progress } from '@modelcontextprotocol/server';
import type { UpstreamRelay } from '../downstream/upstream-relay.js';
import type { AskUser } from '../gates/approval.js';

export interface CallContext {
  /** Aborted when the upstream client cancels the call or its session ends. */
  signal: AbortSignal;
  /** Present when the upstream caller asked for progress; forwards to it. */
  sendProgress?: (progress: Progress) => void;
  /** Stable id of the upstream session (for pending-call ownership and logs). */
  sessionId: string;
  clientName?: string;
  /** The client across its sessions: how it connected and its (capped) name; per_session rate limits count against it. */
  clientIdentity?: string;
  /** Present when the upstream client supports elicitation: asks its user a yes/no question (approvals). */
  askUser?: AskUser;
  /** Carries a downstream server's sampling and elicitation requests during this call to this session's client. */
  relay?: UpstreamRelay;
  /** How the call came in (audit log): a meta-tool invoke, a directly exposed tool, the CLI. */
  via?: string;
}
