// A client's tools/call as wrap's call path carries it: the call, and the JSON-RPC request it came as.
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { ReceivedCall } from '../call-path/call-chain.js';
import type { TrackedCall } from './call-tracker.js';
import type { RequestId, RpcRequest } from './json-rpc-shapes.js';

export interface WrapCall extends ReceivedCall {
  id: RequestId;
  /** Sent to the server as it came (its `_meta` too) once every stage let it through. */
  request: RpcRequest & JSONRPCMessage;
  /** How the proxy knows it while it is in flight; tracked by the track-pending stage. */
  tracked: TrackedCall;
}
