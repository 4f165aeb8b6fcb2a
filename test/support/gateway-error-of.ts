// The error a promise rejects with, of an expected class (anything else rethrown), for asserting on codes and messages.
import { ProtocolError } from '@modelcontextprotocol/server';
import { GatewayError } from '../../src/errors/index.js';

export async function rejectionOf<T extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}; the promise resolved`);
}

export function errorOf(promise: Promise<unknown>): Promise<GatewayError> {
  return rejectionOf(promise, GatewayError);
}

/** The JSON-RPC error a call failed with (fails the test when it succeeded). */
export function rpcErrorOf(promise: Promise<unknown>): Promise<ProtocolError> {
  return rejectionOf(promise, ProtocolError);
}
