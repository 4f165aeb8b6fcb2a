import { DEFAULT_REDACT_KEYS } from '../../src/policy/policy-types.js';
import { describe, expect, it } from 'vitest';
import { redactArguments } from '../../src/audit/audit-log.js';
import { formatAuditLine, MAX_AUDIT_LINE_BYTES, type AuditEntry } from '../../src/audit/audit-entry.js';
import { redactAndCap } from '../../src/audit/redact-arguments.js';
import {
  createBuiltinRedactRules,
  createKeyMatcher,
  createRedactor,
  createSecretTextRedactor,
  splitKeyWords,
} from '../../src/redaction/index.js';

const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
const KNOWN_SECRET = 'hunter2-correct-horse-battery';
const redactText = createSecretTextRedactor([KNOWN_SECRET]);
const redact = (value: unknown) => redactArguments(value, DEFAULT_REDACT_KEYS, redactText);

const entry = (args: unknown, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  session: 'session-1',
  tool_id: 'github::create_issue',
  mode: 'enforce',
  decision: 'allowed',
  gates: [],
  duration_ms: 12,
  outcome: 'ok',
  request_bytes: 100,
  response_bytes: 200,
  arguments: args,
  ...extra,
});

describe('redaction by key', () => {
  it('replaces the value of every listed key name, whatever its type, at any depth and in arrays', () => {
    const keys = [
      'api_key',
      'apiKey',
      'X-Api-Key',
      'client_secret',
      'Authorization',
      'access_token',
      'passwordHash',
      'PASSWORD',
      'secretKey',
      'apikey',
      'refreshToken',
    ];
    const value = Object.fromEntries(
      keys.map((key, index) => [key, index % 2 === 0 ? `value-${index}` : { nested: index }]),
    );
    expect(redact(value)).toEqual(Object.fromEntries(keys.map((key) => [key, '[REDACTED]'])));
    expect(redact({ a: [{ b: { token: 123, name: 'x' } }, { headers: { authorization: ['Bearer x'] } }] })).toEqual({
      a: [{ b: { token: '[REDACTED]', name: 'x' } }, { headers: { authorization: '[REDACTED]' } }],
    });
  });

  it('matches whole words, so ordinary keys that merely contain the letters are kept', () => {
    const matches = createKeyMatcher(DEFAULT_REDACT_KEYS);
    for (const key of ['monkey', 'keyboard', 'max_tokens', 'tokenizer', 'turkey', 'secretary', 'query'])
      expect(matches(key), key).toBe(false);
    for (const key of [
      'key',
      'sort_key',
      'tokenId',
      'OAuthToken',
      'x-auth-token',
      'AWS_SECRET_ACCESS_KEY',
      'privateKey',
    ])
      expect(matches(key), key).toBe(true);
    expect(splitKeyWords('XApiKey')).toEqual(['x', 'api', 'key']);
    expect(splitKeyWords('APIKey')).toEqual(['api', 'key']);
  });

  it('takes multi-word redact keys in any spelling', () => {
    const matches = createKeyMatcher(['api_key', 'sessionId']);
    expect(['apiKey', 'X-API-KEY', 'apikey', 'session_id', 'SESSIONID'].map(matches)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(matches('key')).toBe(false);
  });
});

describe('redaction by pattern', () => {
  it('redacts a GitHub token inside free text and a known secret value, in values nested anywhere', () => {
    const result = redact({
      body: `please use ${GITHUB_TOKEN} for this`,
      list: ['plain', `pw=${KNOWN_SECRET}`],
      deep: { text: GITHUB_TOKEN },
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain(GITHUB_TOKEN);
    expect(text).not.toContain(KNOWN_SECRET);
    expect(result).toMatchObject({
      body: 'please use [REDACTED:github-token] for this',
      list: ['plain', 'pw=[REDACTED:secret]'],
      deep: { text: '[REDACTED:github-token]' },
    });
  });

  it('redacts gate details and the error code of a record too', () => {
    const line = formatAuditLine(
      entry(undefined, {
        gates: [{ gate: 'policy', passed: false, detail: `saw ${GITHUB_TOKEN}` }],
        error_code: `E_${KNOWN_SECRET}`,
      }),
      new Date(),
      { redactKeys: DEFAULT_REDACT_KEYS, redactText },
    );
    expect(line).not.toContain(GITHUB_TOKEN);
    expect(line).not.toContain(KNOWN_SECRET);
    expect(JSON.parse(line)).not.toHaveProperty('arguments');
  });

  it('redacts a secret that straddles the 1 KB cut before cutting', () => {
    const result = redact({ text: `${'x '.repeat(505)}${GITHUB_TOKEN}` }) as { text: string };
    expect(result.text).not.toContain(GITHUB_TOKEN.slice(0, 12));
    expect(result.text).toMatch(/…\[cut: \d+ chars\]$/);
  });
});

describe('caps and odd values', () => {
  it('cuts long strings, summarizes deep nesting and long collections', () => {
    let deep: Record<string, unknown> = { bottom: true };
    for (let level = 0; level < 12; level += 1) deep = { down: deep };
    const result = redact({
      long: 'a'.repeat(5000),
      deep,
      many: Array.from({ length: 500 }, (_, index) => index),
      wide: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`k${index}`, index])),
    }) as Record<string, unknown>;
    expect(result.long).toBe(`${'a'.repeat(1024)}…[cut: 5000 chars]`);
    expect(JSON.stringify(result.deep)).toMatch(/\[object with 1 keys\]/);
    expect((result.many as unknown[]).at(-1)).toBe('[… 300 more items]');
    expect((result.wide as Record<string, unknown>)['[…]']).toBe('100 more keys');
  });

  it('keeps every audit line under 16 KB whatever the arguments', () => {
    const huge = Object.fromEntries(
      Array.from({ length: 200 }, (_, index) => [
        `field${index}`,
        Array.from({ length: 200 }, () => '€"\\\u0001'.repeat(300)),
      ]),
    );
    const gates = Array.from({ length: 100 }, (_, index) => ({
      gate: `g${index}`.repeat(50),
      passed: false,
      detail: '\u0001'.repeat(5000),
    }));
    for (const args of [huge, 'x'.repeat(1_000_000), [huge, huge]]) {
      for (const extra of [{}, { gates, session: 's'.repeat(10_000) }]) {
        const line = formatAuditLine(entry(args, extra), new Date(), { redactKeys: DEFAULT_REDACT_KEYS, redactText });
        expect(Buffer.byteLength(line)).toBeLessThan(MAX_AUDIT_LINE_BYTES);
        expect(() => JSON.parse(line)).not.toThrow();
      }
    }
  });

  it('survives cycles, bigints, functions, symbols, typed arrays and throwing getters', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const result = redact({
      cyclic,
      big: 12n,
      fn: () => 1,
      sym: Symbol('s'),
      bytes: new Uint8Array(4),
      hostile,
      when: new Date(0),
      gone: undefined,
      list: [undefined, () => 1],
    });
    expect(result).toEqual({
      cyclic: { name: 'loop', self: '[circular]' },
      big: '12n',
      fn: '[function]',
      sym: '[symbol]',
      bytes: '[Uint8Array 4 bytes]',
      hostile: { boom: '[unreadable]' },
      when: '1970-01-01T00:00:00.000Z',
      list: [null, '[function]'],
    });
    // The same object twice (not a cycle) is copied both times.
    const shared = { a: 1 };
    expect(redact({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('never keeps a credential cut in two at the end of the redaction window, however much redaction shrank the text before it', () => {
    const longSecret = `${'A'.repeat(5000)}sekrit`;
    const token = `ghp_${'Z'.repeat(36)}`;
    const redactor = createRedactor(createBuiltinRedactRules(), [longSecret, token]);
    // The token straddles the window's end (maxChars 1024 + 4096): only its head is inside, which no rule matches.
    const text = `${longSecret}${'x'.repeat(5120 - longSecret.length - 10)}${token}${'y'.repeat(3000)}`;
    const out = redactAndCap(text, 1024, (t) => redactor(t).text);
    expect(out).not.toContain('ghp_Z');
    expect(out).toContain('[cut:');
  });
});
