// The GatewayError a promise rejects with (anything else rethrown), for asserting on codes and messages.
import { GatewayError } from '../../src/errors/index.js';

export async function errorOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
