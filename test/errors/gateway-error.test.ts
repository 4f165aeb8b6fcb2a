import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GatewayError, isGatewayError, toGatewayError } from '../../src/errors/index.js';

describe('GatewayError', () => {
  it('keeps code, message, hint, details and cause', () => {
    const cause = new Error('ECONNRESET');
    const error = new GatewayError('DOWNSTREAM_ERROR', 'The server hung up.', {
      hint: 'Retry.',
      cause,
      details: { server: 'github' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GatewayError');
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    expect(error.message).toBe('The server hung up.');
    expect(error.hint).toBe('Retry.');
    expect(error.details).toEqual({ server: 'github' });
    expect(error.cause).toBe(cause);
    expect(isGatewayError(error)).toBe(true);
    expect(isGatewayError(cause)).toBe(false);
  });

  it('serializes to the wire shape { code, message, hint, ...details } without cause or stack', () => {
    const error = new GatewayError('INVALID_ARGUMENTS', 'Bad arguments.', {
      hint: 'Fix them.',
      cause: new Error('secret internals at /home/me/.toolgate'),
      details: { tool_id: 'a::b', fields: [{ field: 'x', problem: 'is required' }] },
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toEqual({
      code: 'INVALID_ARGUMENTS',
      message: 'Bad arguments.',
      hint: 'Fix them.',
      tool_id: 'a::b',
      fields: [{ field: 'x', problem: 'is required' }],
    });
    expect(JSON.stringify(error)).not.toContain('secret internals');
  });

  it('leaves hint out of the JSON when there is none', () => {
    expect(new GatewayError('USAGE', 'Wrong flag.').toJSON()).toEqual({ code: 'USAGE', message: 'Wrong flag.' });
    expect(new GatewayError('USAGE', 'Wrong flag.').cause).toBeUndefined();
  });

  it('uses stable SCREAMING_SNAKE codes', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z_]*[A-Z]$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of [
      'TOOL_NOT_FOUND',
      'INVALID_ARGUMENTS',
      'POLICY_DENIED',
      'DOWNSTREAM_UNAVAILABLE',
      'DOWNSTREAM_TIMEOUT',
      'OUTPUT_TRUNCATED',
      'INTERNAL',
    ]) {
      expect(ERROR_CODES).toContain(code);
    }
  });
});

describe('toGatewayError', () => {
  it('passes a GatewayError through unchanged', () => {
    const error = new GatewayError('TOOL_NOT_FOUND', 'No such tool.');
    expect(toGatewayError(error)).toBe(error);
  });

  it('hides the message of an unknown error behind a generic INTERNAL one, keeping the cause', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'token') at /home/alice/secret.ts:12");
    const error = toGatewayError(cause);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('alice');
    expect(error.message).not.toContain('token');
    expect(error.hint).toBeTruthy();
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain('alice');
  });

  it('turns thrown non-errors into INTERNAL too', () => {
    for (const thrown of ['a string with sk-secret', 42, undefined, null, { message: 'object' }]) {
      const error = toGatewayError(thrown);
      expect(error.code).toBe('INTERNAL');
      expect(JSON.stringify(error)).not.toContain('sk-secret');
    }
  });
});
