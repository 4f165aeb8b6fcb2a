import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import { loadPolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_MAX_OUTPUT_TOKENS,
  DEFAULT_MAX_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
} from '../../src/policy/policy-types.js';

function parseError(text: string, source = '/etc/policy.yaml'): GatewayError {
  try {
    parsePolicyLayer(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected parsePolicyLayer to throw');
}

describe('parsePolicyLayer', () => {
  it('reads every documented key into a layer', () => {
    const layer = parsePolicyLayer(
      [
        'mode: monitor',
        'servers: { allow: ["git*"], deny: ["evil"] }',
        'tools:',
        '  allow: ["*"]',
        '  deny: ["github::delete_*"]',
        'max_output_bytes: 1000',
        'max_output_tokens: 200',
        'redact:',
        '  - "sk-[A-Za-z0-9]{20,}"',
        '  - { name: internal-host, pattern: "corp\\\\.example\\\\.com", flags: "i", replacement: "[host]" }',
        'timeouts: { default_ms: 5000, max_ms: 9000 }',
        'approval: ["*::delete_*"]',
      ].join('\n'),
      '/p.yaml',
    );
    expect(layer).toMatchObject({
      source: '/p.yaml',
      mode: 'monitor',
      servers: { allow: ['git*'], deny: ['evil'] },
      tools: { allow: ['*'], deny: ['github::delete_*'] },
      maxOutputBytes: 1000,
      maxOutputTokens: 200,
      timeouts: { defaultMs: 5000, maxMs: 9000 },
      approval: ['*::delete_*'],
    });
    expect(layer.redact.map((rule) => [rule.name, rule.pattern.flags, rule.replacement])).toEqual([
      ['redact-0', 'g', '[REDACTED:redact-0]'],
      ['internal-host', 'gi', '[host]'],
    ]);
    expect('at CORP.example.com'.replace(layer.redact[1]!.pattern, '[host]')).toBe('at [host]');
  });

  it('treats an empty file and a comments-only file as an empty policy', () => {
    for (const text of ['', '# nothing here yet\n# really\n', '\n\n']) {
      const layer = parsePolicyLayer(text, '/p.yaml');
      expect(layer).toEqual({
        source: '/p.yaml',
        servers: { allow: undefined, deny: [] },
        tools: { allow: undefined, deny: [] },
        maxOutputBytes: undefined,
        maxOutputTokens: undefined,
        redact: [],
        timeouts: { defaultMs: undefined, maxMs: undefined },
        approval: [],
        approvalTimeoutMs: undefined,
        pinned: [],
        gates: {
          maxMessageBytes: undefined,
          outputSchema: undefined,
          secrets: undefined,
          perSessionPerMinute: undefined,
          perToolPerMinute: undefined,
        },
        redactKeys: [],
        audit: undefined,
        mode: undefined,
      });
    }
  });

  it('refuses a misspelt key, naming the key, its line, the file and the fix', () => {
    const error = parseError('tools:\n  deny: ["a::b"]\n  deny_tools: ["x::y"]\n');
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('/etc/policy.yaml');
    expect(error.message).toContain('unknown key "deny_tools"');
    expect(error.message).toContain('expected only allow, deny');
    expect(error.message).toContain('tools (line 3, column 3)');
    expect(error.message).toMatch(/Fix the file or remove it/);
  });

  it('refuses an unknown top-level key', () => {
    expect(parseError('max_output_byte: 10\n').message).toContain(
      'the file (line 1, column 1): unknown key "max_output_byte"',
    );
  });

  it('names the zod path with expected and received for a wrong type', () => {
    const error = parseError('tools:\n  deny:\n    - "a::b"\n    - 42\n');
    expect(error.message).toContain('tools.deny[1] (line 4, column 7): expected a string, received 42');
  });

  it('names the allowed values for a bad mode', () => {
    expect(parseError('mode: enforced\n').message).toContain(
      'mode (line 1, column 7): expected one of "enforce", "monitor", received "enforced"',
    );
  });

  it('refuses caps that are not positive whole numbers', () => {
    expect(parseError('max_output_bytes: 0\n').message).toContain(
      'max_output_bytes (line 1, column 19): expected a whole number greater than 0, received 0',
    );
    expect(parseError('max_output_tokens: 1.5\n').message).toContain('expected a whole number, received 1.5');
    expect(parseError('max_output_tokens: "lots"\n').message).toContain('expected a number, received "lots"');
  });

  it('refuses a typo inside a redact rule object', () => {
    const error = parseError('redact:\n  - { name: x, pattern: "a+", flag: i }\n');
    expect(error.message).toContain(
      'redact[0] (line 2, column 31): unknown key "flag"; expected only name, pattern, flags, replacement',
    );
  });

  it('refuses a redact entry that is neither a string nor a rule', () => {
    expect(parseError('redact: [12]\n').message).toContain(
      'redact[0] (line 1, column 10): expected a regular expression string or {name, pattern, flags?, replacement?}, received 12',
    );
  });

  it('refuses a negated glob and says to use deny', () => {
    expect(parseError('tools: { allow: ["!github::*"] }\n').message).toContain('negation is not supported');
  });

  it('names the line and column of a YAML syntax error', () => {
    const error = parseError('tools:\n  deny: [a, b\nmode: enforce\n');
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toMatch(/\/etc\/policy\.yaml is not valid YAML at line 3, column 1/);
  });

  it('refuses a duplicate key, which would otherwise drop one of the two rule lists', () => {
    expect(parseError('tools: { deny: [a] }\ntools: { deny: [b] }\n').message).toMatch(/not valid YAML at line 2/);
  });

  it('refuses a top level that is a list', () => {
    expect(parseError('- tools\n').message).toContain(
      'the file (line 1, column 1): expected a mapping (key: value lines), received a list',
    );
  });

  it('refuses a redact pattern that does not compile, naming its index', () => {
    const error = parseError('redact:\n  - "ok"\n  - "(unclosed"\n');
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('redact[1] "(unclosed"');
    expect(error.message).toContain('/etc/policy.yaml');
  });
});

describe('loadPolicy', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolgate-policy-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("counts the user's own file as a layer even when it is missing, so a project's file alone cannot weaken the policy", async () => {
    const project = join(dir, 'project-policy.yaml');
    await writeFile(project, 'mode: monitor\naudit: false\ngates:\n  output_schema: false\n');
    const userFile = join(dir, 'missing-user-policy.yaml');
    const policy = await loadPolicy([userFile, project], { userFile });
    expect(policy).toMatchObject({ mode: 'enforce', audit: true, gates: { outputSchema: true } });
    // Said in the user's own file too, it applies.
    await writeFile(userFile, 'mode: monitor\naudit: false\ngates:\n  output_schema: false\n');
    expect(await loadPolicy([userFile, project], { userFile })).toMatchObject({
      mode: 'monitor',
      audit: false,
      gates: { outputSchema: false },
    });
  });

  it('gives the defaults when no file exists', async () => {
    const policy = await loadPolicy([join(dir, 'missing.yaml'), join(dir, 'nope', 'policy.yaml')]);
    expect(policy.layers).toEqual([]);
    expect(policy.maxOutputBytes).toBe(DEFAULT_MAX_OUTPUT_BYTES);
    expect(policy.maxOutputTokens).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(policy.timeouts).toEqual({ defaultMs: DEFAULT_TIMEOUT_MS, maxMs: DEFAULT_MAX_TIMEOUT_MS });
    expect(policy.mode).toBe('enforce');
    expect(policy.redact.length).toBeGreaterThan(5);
  });

  it('reads existing files in order and skips missing ones', async () => {
    const home = join(dir, 'home.yaml');
    const project = join(dir, 'project.yaml');
    await writeFile(home, 'tools: { deny: ["a::*"] }\n');
    await writeFile(project, 'tools: { deny: ["b::*"] }\n');
    const policy = await loadPolicy([home, join(dir, 'missing.yaml'), project]);
    expect(policy.layers.map((layer) => layer.source)).toEqual([home, project]);
  });

  it('throws instead of allowing everything when one file is invalid', async () => {
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    await writeFile(good, 'tools: { deny: ["a::*"] }\n');
    await writeFile(bad, 'tools: { denyy: ["b::*"] }\n');
    await expect(loadPolicy([good, bad])).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      message: expect.stringContaining(bad),
    });
  });

  it('throws when a policy path exists but cannot be read', async () => {
    const directory = join(dir, 'policy.yaml');
    await mkdir(directory);
    await expect(loadPolicy([directory])).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      message: expect.stringContaining('cannot be read'),
    });
  });

  it.skipIf(process.getuid?.() === 0)('throws when a policy file is not readable', async () => {
    const file = join(dir, 'secret.yaml');
    await writeFile(file, 'mode: enforce\n');
    await chmod(file, 0o000);
    await expect(loadPolicy([file])).rejects.toMatchObject({ code: 'POLICY_INVALID' });
  });
});
