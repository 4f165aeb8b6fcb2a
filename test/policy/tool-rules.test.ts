import { describe, expect, it } from 'vitest';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import {
  decideServer,
  decideTool,
  isPinned,
  mayHavePinnedTools,
  requiresApproval,
} from '../../src/policy/tool-rules.js';

const SOURCE = '/home/u/.toolgate/policy.yaml';
const policyOf = (text: string) => mergePolicy([parsePolicyLayer(text, SOURCE)]);

describe('decideTool', () => {
  it('allows everything when no policy file exists', () => {
    expect(decideTool(mergePolicy([]), 'github', 'create_issue')).toEqual({
      allowed: true,
      reason: 'allowed: no policy rule denies it',
    });
  });

  it('lets deny win over allow and names the rule and file that decided', () => {
    const policy = policyOf('tools:\n  allow: ["github::*"]\n  deny: ["github::delete_*"]\n');
    expect(decideTool(policy, 'github', 'delete_repo')).toEqual({
      allowed: false,
      reason: `denied by tools.deny "github::delete_*" in ${SOURCE}`,
    });
    expect(decideTool(policy, 'github', 'create_issue')).toEqual({
      allowed: true,
      reason: `allowed by tools.allow "github::*" in ${SOURCE}`,
    });
  });

  it('denies a name missing from an allow list', () => {
    const policy = policyOf('tools: { allow: ["github::*"] }\n');
    expect(decideTool(policy, 'slack', 'post')).toEqual({
      allowed: false,
      reason: `denied: "slack::post" matches no glob of tools.allow in ${SOURCE}`,
    });
  });

  it('matches *::delete_* against the delete tools of every server', () => {
    const policy = policyOf('tools: { deny: ["*::delete_*"] }\n');
    expect(decideTool(policy, 'github', 'delete_repo').allowed).toBe(false);
    expect(decideTool(policy, 'my.server', 'delete_everything').allowed).toBe(false);
    expect(decideTool(policy, 'github', 'undelete_repo').allowed).toBe(true);
  });

  it('matches dots in server and tool names as plain characters', () => {
    expect(decideTool(policyOf('tools: { deny: ["my.server::*"] }\n'), 'my.server', 'do.thing').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["*::do.thing"] }\n'), 'my.server', 'do.thing').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["my.server::do.*"] }\n'), 'my.server', 'do.thing').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["my.server::do.thing"] }\n'), 'my.server', 'do.thing').allowed).toBe(
      false,
    );
    // A dot is not a wildcard.
    expect(decideTool(policyOf('tools: { deny: ["my.server::do.thing"] }\n'), 'my.server', 'doXthing').allowed).toBe(
      true,
    );
    expect(decideTool(policyOf('tools: { deny: ["*"] }\n'), 'my.server', '.hidden').allowed).toBe(false);
  });

  it('lets * span slashes in tool names', () => {
    expect(decideTool(policyOf('tools: { deny: ["*"] }\n'), 'srv', 'ns/tool').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["srv::*"] }\n'), 'srv', 'ns/deep/tool').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["srv::ns/*"] }\n'), 'srv', 'ns/tool').allowed).toBe(false);
    expect(decideTool(policyOf('tools: { deny: ["srv::ns/*"] }\n'), 'srv', 'other/tool').allowed).toBe(true);
  });

  it('supports brace alternatives and ? in globs', () => {
    const policy = policyOf('tools: { deny: ["github::{create,update}_*", "fs::rm?"] }\n');
    expect(decideTool(policy, 'github', 'update_issue').allowed).toBe(false);
    expect(decideTool(policy, 'github', 'list_issues').allowed).toBe(true);
    expect(decideTool(policy, 'fs', 'rmx').allowed).toBe(false);
    expect(decideTool(policy, 'fs', 'rm').allowed).toBe(true);
  });

  it('denies every tool of a denied server, naming the server rule', () => {
    const policy = policyOf('servers: { deny: ["shell*"] }\ntools: { allow: ["*"] }\n');
    expect(decideTool(policy, 'shell-exec', 'run')).toEqual({
      allowed: false,
      reason: `denied by servers.deny "shell*" in ${SOURCE}`,
    });
  });

  it('denies the tools of a server missing from servers.allow', () => {
    const policy = policyOf('servers: { allow: ["github"] }\n');
    expect(decideTool(policy, 'github', 'x')).toEqual({
      allowed: true,
      reason: `allowed by servers.allow "github" in ${SOURCE}`,
    });
    expect(decideTool(policy, 'gitlab', 'x').reason).toBe(
      `denied: "gitlab" matches no glob of servers.allow in ${SOURCE}`,
    );
  });

  it('gives the same answer when asked again from its cache', () => {
    const policy = policyOf('tools: { deny: ["a::b"] }\n');
    const first = decideTool(policy, 'a', 'b');
    expect(decideTool(policy, 'a', 'b')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('decideServer', () => {
  it('applies server globs, deny over allow', () => {
    const policy = policyOf('servers: { allow: ["git*"], deny: ["gitlab"] }\n');
    expect(decideServer(policy, 'github').allowed).toBe(true);
    expect(decideServer(policy, 'gitlab')).toEqual({
      allowed: false,
      reason: `denied by servers.deny "gitlab" in ${SOURCE}`,
    });
    expect(decideServer(policy, 'slack').allowed).toBe(false);
  });

  it('is not affected by tool rules', () => {
    expect(decideServer(policyOf('tools: { deny: ["github::*"] }\n'), 'github').allowed).toBe(true);
  });
});

describe('requiresApproval', () => {
  it('names the approval glob and file that require it', () => {
    const policy = policyOf('approval: ["*::delete_*"]\n');
    expect(requiresApproval(policy, 'github', 'delete_repo')).toEqual({
      required: true,
      reason: `approval required by approval "*::delete_*" in ${SOURCE}`,
    });
    expect(requiresApproval(policy, 'github', 'list').required).toBe(false);
  });
});

describe('isPinned and mayHavePinnedTools', () => {
  it('pins by server::tool globs, and tells which servers a pin could reach', () => {
    const policy = policyOf('pinned: ["github::create_issue", "mem*::read_*", "{slack::post,jira::create}"]\n');
    expect(isPinned(policy, 'github', 'create_issue')).toBe(true);
    expect(isPinned(policy, 'github', 'delete_repo')).toBe(false);
    expect(isPinned(policy, 'slack', 'post')).toBe(true);
    expect(mayHavePinnedTools(policy, 'github')).toBe(true);
    expect(mayHavePinnedTools(policy, 'memory')).toBe(true);
    // A brace list spans servers: it could reach any, so no server is ruled out.
    expect(mayHavePinnedTools(policy, 'jira')).toBe(true);
    expect(mayHavePinnedTools(policyOf('pinned: ["github::*"]\n'), 'slack')).toBe(false);
    expect(mayHavePinnedTools(mergePolicy([]), 'github')).toBe(false);
  });
});
