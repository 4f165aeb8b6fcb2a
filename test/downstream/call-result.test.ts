// A structurally invalid downstream result becomes a clear DOWNSTREAM_ERROR instead of a bare protocol error.
import { describe, expect, it } from 'vitest';
import { validateCallResult } from '../../src/downstream/call-result.js';
import type { GatewayError } from '../../src/errors/index.js';

function failure(result: unknown): GatewayError {
  try {
    validateCallResult(result, 'srv::tool');
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected validateCallResult to throw');
}

describe('validateCallResult', () => {
  it('passes a valid result through as the same object', () => {
    const result = {
      content: [
        { type: 'text', text: 'hi' },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      ],
      structuredContent: { a: 1 },
    };
    expect(validateCallResult(result, 'srv::tool')).toBe(result);
  });

  it('names the block and field of an image without data', () => {
    const error = failure({
      content: [
        { type: 'text', text: 'ok' },
        { type: 'image', mimeType: 'image/png' },
      ],
    });
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    expect(error.message).toContain('srv::tool returned an invalid tool result');
    expect(error.message).toContain('content[1] (image) data');
  });

  it('names an unknown block type and the accepted ones', () => {
    const error = failure({ content: [{ type: 'video', url: 'x' }] });
    expect(error.message).toContain('content[0] has type "video"');
    expect(error.message).toContain('resource_link');
  });

  it('explains a result that is not even an object', () => {
    expect(failure('nope').code).toBe('DOWNSTREAM_ERROR');
  });
});
