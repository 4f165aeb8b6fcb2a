import { describe, expect, it } from 'vitest';
import {
  EXPOSED_NAME_PATTERN,
  exposedName,
  parseMetaToolName,
  resolveNameStyle,
} from '../../src/gateway/tool-names.js';

/** The default set of meta-tools named in SPEC.md. */
const SPEC_META_TOOLS = [
  'catalog_search',
  'describe',
  'invoke',
  'refresh',
  'health',
  'request_capability',
  'sync_environment',
  'provision',
  'provision_status',
  'update_server',
  'auth_connect',
  'search_registry',
  'register_discovered_server',
  'submit_feedback',
  'list_pending',
  'cancel',
];

describe('resolveNameStyle', () => {
  it('gives dotted names to Claude Code under auto', () => {
    expect(resolveNameStyle('auto', 'claude-code')).toBe('dot');
    expect(resolveNameStyle('auto', 'Claude Code')).toBe('dot');
  });

  it('gives underscore names to every other client under auto, and when the client is unknown', () => {
    for (const client of ['cursor', 'claude-ai', 'vscode', 'my-claude-code-fork', ''])
      expect(resolveNameStyle('auto', client)).toBe('underscore');
    expect(resolveNameStyle('auto', undefined)).toBe('underscore');
  });

  it('applies an explicit setting whatever the client', () => {
    expect(resolveNameStyle('dot', 'cursor')).toBe('dot');
    expect(resolveNameStyle('underscore', 'claude-code')).toBe('underscore');
    expect(resolveNameStyle('dot', undefined)).toBe('dot');
  });
});

describe('exposedName', () => {
  it('prefixes the gateway namespace with a dot or an underscore', () => {
    expect(exposedName('catalog_search', 'dot')).toBe('gateway.catalog_search');
    expect(exposedName('catalog_search', 'underscore')).toBe('gateway_catalog_search');
  });

  it('gives every SPEC meta-tool an underscore name that fits the exposed name pattern', () => {
    expect(SPEC_META_TOOLS).toHaveLength(16);
    for (const base of SPEC_META_TOOLS) expect(exposedName(base, 'underscore')).toMatch(EXPOSED_NAME_PATTERN);
  });

  it('gives dotted names that the underscore-only pattern would refuse', () => {
    expect(exposedName('describe', 'dot')).not.toMatch(EXPOSED_NAME_PATTERN);
  });
});

describe('parseMetaToolName', () => {
  it('accepts both styles and returns the base name', () => {
    for (const base of SPEC_META_TOOLS) {
      expect(parseMetaToolName(exposedName(base, 'dot'))).toBe(base);
      expect(parseMetaToolName(exposedName(base, 'underscore'))).toBe(base);
    }
  });

  it('refuses names outside the gateway namespace', () => {
    for (const name of [
      'describe',
      'github::create_issue',
      'gateway',
      'gateway.',
      'gateway_',
      'gatewaydescribe',
      'my_gateway.describe',
      'Gateway.describe',
    ]) {
      expect(parseMetaToolName(name)).toBeUndefined();
    }
  });
});

describe('EXPOSED_NAME_PATTERN', () => {
  it('allows 1 to 64 letters, digits, underscores and dashes only', () => {
    expect('a').toMatch(EXPOSED_NAME_PATTERN);
    expect('x'.repeat(64)).toMatch(EXPOSED_NAME_PATTERN);
    expect('x'.repeat(65)).not.toMatch(EXPOSED_NAME_PATTERN);
    expect('').not.toMatch(EXPOSED_NAME_PATTERN);
    expect('a b').not.toMatch(EXPOSED_NAME_PATTERN);
  });
});
