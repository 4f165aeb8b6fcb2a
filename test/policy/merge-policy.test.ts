import { describe, expect, it } from 'vitest';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import { BUILTIN_REDACT_RULE_NAMES } from '../../src/redaction/index.js';
import { decideServer, decideTool } from '../../src/policy/tool-rules.js';
import { DEFAULT_MAX_TIMEOUT_MS, DEFAULT_REDACT_KEYS, DEFAULT_TIMEOUT_MS } from '../../src/policy/policy-types.js';

const layer = (text: string, source: string) => parsePolicyLayer(text, source);

describe('mergePolicy', () => {
  it('takes the smallest output caps of the layers that set them', () => {
    const policy = mergePolicy([
      layer('max_output_bytes: 5000\nmax_output_tokens: 900\n', '/home.yaml'),
      layer('max_output_bytes: 9000\n', '/project.yaml'),
    ]);
    expect(policy.maxOutputBytes).toBe(5000);
    expect(policy.maxOutputTokens).toBe(900);
  });

  it('does not let a later layer raise a cap an earlier one lowered', () => {
    const policy = mergePolicy([layer('max_output_bytes: 1000\n', '/a'), layer('max_output_bytes: 999999\n', '/b')]);
    expect(policy.maxOutputBytes).toBe(1000);
  });

  it('takes the smallest max timeout and the last default, clamped to that max', () => {
    const policy = mergePolicy([
      layer('timeouts: { default_ms: 1000, max_ms: 30000 }\n', '/a'),
      layer('timeouts: { default_ms: 90000 }\n', '/b'),
    ]);
    expect(policy.timeouts).toEqual({ defaultMs: 30000, maxMs: 30000 });
    expect(mergePolicy([layer('timeouts: { default_ms: 2000 }\n', '/a'), layer('', '/b')]).timeouts).toEqual({
      defaultMs: 2000,
      maxMs: DEFAULT_MAX_TIMEOUT_MS,
    });
    expect(mergePolicy([]).timeouts).toEqual({ defaultMs: DEFAULT_TIMEOUT_MS, maxMs: DEFAULT_MAX_TIMEOUT_MS });
  });

  it('monitors only when every file says monitor: a file that says nothing enforces', () => {
    expect(mergePolicy([layer('mode: monitor\n', '/a'), layer('mode: enforce\n', '/b')]).mode).toBe('enforce');
    expect(mergePolicy([layer('mode: enforce\n', '/a'), layer('mode: monitor\n', '/b')]).mode).toBe('enforce');
    expect(mergePolicy([layer('', '/a')]).mode).toBe('enforce');
    // Monitor lets denied calls through, so a project's file alone must not switch a user's deny rules to logging.
    expect(mergePolicy([layer('', '/a'), layer('mode: monitor\n', '/b')]).mode).toBe('enforce');
    expect(mergePolicy([layer('mode: monitor\n', '/a'), layer('mode: monitor\n', '/b')]).mode).toBe('monitor');
  });

  it('merges gate settings towards the stricter one', () => {
    const merged = mergePolicy([
      layer(
        'gates:\n  max_message_bytes: 1000\n  secrets: block\n  rate_limit: { per_session: 10, per_tool: 0 }\n',
        '/a',
      ),
      layer(
        'gates:\n  max_message_bytes: 5000\n  secrets: off\n  output_schema: false\n  rate_limit: { per_session: 20, per_tool: 5 }\n',
        '/b',
      ),
    ]).gates;
    // One file turning the output schema check off is not enough: the other says nothing, which keeps it on.
    expect(merged).toEqual({
      maxMessageBytes: 1000,
      outputSchema: true,
      secrets: 'block',
      perSessionPerMinute: 10,
      perToolPerMinute: 5,
    });
    expect(
      mergePolicy([layer('gates: { output_schema: false }\n', '/a'), layer('gates: { output_schema: false }\n', '/b')])
        .gates.outputSchema,
    ).toBe(false);
    expect(mergePolicy([layer('tools: { deny: ["x::y"] }\n', '/a'), layer('audit: false\n', '/b')]).audit).toBe(true);
    expect(mergePolicy([layer('audit: false\n', '/a')]).audit).toBe(false);
    expect(mergePolicy([]).gates).toEqual({
      maxMessageBytes: 4 * 1024 * 1024,
      outputSchema: true,
      secrets: 'redact',
      perSessionPerMinute: 0,
      perToolPerMinute: 0,
    });
    // The defaults are the credential words of the one secret-key rule (cookie among them since issue 14); a file adds to them once.
    expect(DEFAULT_REDACT_KEYS).toEqual(
      expect.arrayContaining(['token', 'password', 'secret', 'key', 'authorization', 'cookie']),
    );
    expect(mergePolicy([layer('redact_keys: [cookie, session_id]\n', '/a')]).redactKeys).toEqual([
      ...DEFAULT_REDACT_KEYS,
      'session_id',
    ]);
  });

  it('unions redaction rules after the built-in ones, and approval globs', () => {
    const policy = mergePolicy([
      layer('redact: ["foo[0-9]+"]\napproval: ["a::*"]\n', '/a'),
      layer('redact: [{ name: bar, pattern: "bar" }]\napproval: ["a::*", "b::x"]\n', '/b'),
    ]);
    expect(policy.redact.map((rule) => rule.name)).toEqual([...BUILTIN_REDACT_RULE_NAMES, 'redact-0', 'bar']);
    expect(policy.approval).toEqual(['a::*', 'b::x']);
  });

  it('only tightens: a later allow list cannot re-allow what an earlier layer denies', () => {
    const policy = mergePolicy([
      layer('servers: { deny: ["shell"] }\ntools: { deny: ["github::delete_*"] }\n', '/home.yaml'),
      layer('servers: { allow: ["*"] }\ntools: { allow: ["*"] }\n', '/project.yaml'),
    ]);
    expect(decideServer(policy, 'shell').allowed).toBe(false);
    expect(decideTool(policy, 'github', 'delete_repo')).toEqual({
      allowed: false,
      reason: 'denied by tools.deny "github::delete_*" in /home.yaml',
    });
    expect(decideTool(policy, 'github', 'create_issue').allowed).toBe(true);
  });

  it('only tightens: a name must pass the allow list of every layer that has one', () => {
    const policy = mergePolicy([
      layer('tools: { allow: ["github::*", "jira::*"] }\n', '/home.yaml'),
      layer('tools: { allow: ["github::*", "slack::*"] }\n', '/project.yaml'),
    ]);
    expect(decideTool(policy, 'github', 'x').allowed).toBe(true);
    expect(decideTool(policy, 'jira', 'x')).toEqual({
      allowed: false,
      reason: 'denied: "jira::x" matches no glob of tools.allow in /project.yaml',
    });
    expect(decideTool(policy, 'slack', 'x').reason).toBe(
      'denied: "slack::x" matches no glob of tools.allow in /home.yaml',
    );
  });
});
