import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import { MAX_TOOL_ID_LENGTH, parseToolId } from '../../src/gateway/tool-id.js';

function refusal(toolId: string): GatewayError {
  try {
    parseToolId(toolId);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error(`expected "${toolId}" to be refused`);
}

describe('parseToolId', () => {
  it('splits server::tool at the first separator', () => {
    expect(parseToolId('github::create_issue')).toEqual({ server: 'github', tool: 'create_issue' });
    expect(parseToolId('my.server-2::a::b')).toEqual({ server: 'my.server-2', tool: 'a::b' });
    expect(parseToolId('x::y')).toEqual({ server: 'x', tool: 'y' });
  });

  it('refuses malformed ids with TOOL_NOT_FOUND, an example of a valid id and a hint', () => {
    for (const toolId of ['', 'github', 'github:create_issue', '::create_issue', 'github::', '::']) {
      const error = refusal(toolId);
      expect(error.code).toBe('TOOL_NOT_FOUND');
      expect(error.message).toContain('server::tool');
      expect(error.hint).toContain('catalog_search');
      expect(error.details?.tool_id).toBe(toolId);
    }
  });

  it('refuses server names that are paths or break the server name rules', () => {
    for (const toolId of [
      '../x::y',
      '/etc::passwd',
      '.hidden::tool',
      'a b::tool',
      'a/b::tool',
      `${'s'.repeat(64)}::tool`,
    ]) {
      expect(refusal(toolId).code).toBe('TOOL_NOT_FOUND');
    }
  });

  it('refuses ids longer than the maximum and keeps the echoed id short', () => {
    const longest = `s::${'t'.repeat(MAX_TOOL_ID_LENGTH - 3)}`;
    expect(parseToolId(longest).tool).toHaveLength(MAX_TOOL_ID_LENGTH - 3);
    const tooLong = `${longest}t`;
    const error = refusal(tooLong);
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message.length).toBeLessThan(200);
    expect(String(error.details?.tool_id).length).toBeLessThanOrEqual(83);
    expect(String(error.details?.tool_id)).toMatch(/\.\.\.$/);
  });
});
