import { describe, expect, it } from 'vitest';
import { createBuiltinRedactRules, createRedactor } from '../../src/redaction/index.js';

// Fake secrets are assembled at run time so that secret scanners do not flag this file.
const join = (...parts: string[]) => parts.join('');
const ALNUM = 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zA1bC2dE3fG4hJ5kL6mN7pQ8rS9tU';

const SAMPLES: Array<[rule: string, secret: string]> = [
  ['aws-access-key-id', join('AK', 'IA', 'IOSFODNN7EXAMPLE')],
  ['aws-access-key-id', join('AS', 'IA', 'Z2ABCDEFGHIJKLMN')],
  ['github-token', join('gh', 'p_', ALNUM.slice(0, 36))],
  ['github-token', join('gh', 'o_', ALNUM.slice(1, 37))],
  ['github-token', join('gh', 'u_', ALNUM.slice(2, 38))],
  ['github-token', join('gh', 's_', ALNUM.slice(3, 39))],
  ['github-token', join('gh', 'r_', ALNUM.slice(4, 40))],
  ['github-token', join('github', '_pat_', '11ABCDEFG0', ALNUM.slice(0, 12), '_', ALNUM.slice(0, 59))],
  ['slack-token', join('xo', 'xb-', '1234567890-0987654321-', ALNUM.slice(0, 24))],
  ['slack-token', join('xo', 'xp-', '1234567890-', ALNUM.slice(0, 20))],
  ['anthropic-api-key', join('sk', '-ant-', 'api03-', ALNUM.slice(0, 40), '-', ALNUM.slice(0, 20))],
  ['openai-api-key', join('sk', '-', ALNUM.slice(0, 48))],
  ['openai-api-key', join('sk', '-proj-', ALNUM.slice(0, 40), '_', ALNUM.slice(0, 20))],
  ['google-api-key', join('AI', 'za', 'SyA', ALNUM.slice(0, 32))],
  ['stripe-key', join('sk', '_live_', ALNUM.slice(0, 24))],
  ['stripe-key', join('rk', '_live_', ALNUM.slice(0, 24))],
  [
    'jwt',
    join(
      'ey',
      'JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      '.',
      'ey',
      'JzdWIiOiIxMjM0NTY3ODkwIn0',
      '.',
      'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ),
  ],
];

describe('createRedactor with the built-in rules', () => {
  const redact = createRedactor(createBuiltinRedactRules(), []);

  it.each(SAMPLES)('replaces a %s with its rule name', (rule, secret) => {
    const { text, count } = redact(`before ${secret} after`);
    expect(text).toBe(`before [REDACTED:${rule}] after`);
    expect(count).toBe(1);
  });

  it('replaces a whole PEM private key block', () => {
    const key = join(
      '-----BEGIN ',
      'RSA PRIVATE KEY-----\nMIIEow',
      'IBAAKCAQEA\nabc+/=\n-----END RSA ',
      'PRIVATE KEY-----',
    );
    expect(redact(`key:\n${key}\ndone`)).toEqual({ text: 'key:\n[REDACTED:private-key]\ndone', count: 1 });
  });

  it('replaces a private key block that was cut off before its END line', () => {
    const key = join('-----BEGIN ', 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    expect(redact(`x ${key}`).text).toBe('x [REDACTED:private-key]');
  });

  it('keeps the Bearer scheme word and replaces the token after it', () => {
    const token = ALNUM.slice(0, 30);
    expect(redact(`Authorization: Bearer ${token}`).text).toBe('Authorization: Bearer [REDACTED:bearer-token]');
    expect(redact(`authorization: bearer ${token}`).text).toBe('authorization: bearer [REDACTED:bearer-token]');
  });

  it('leaves ordinary text alone', () => {
    const text = 'The task-runner risk-assessment uses sk-short and AKIA123 and Bearer of news; see github.com/x.';
    expect(redact(text)).toEqual({ text, count: 0 });
  });

  it('counts every secret it replaces', () => {
    const [, aws] = SAMPLES[0]!;
    expect(redact(`${aws} and ${aws}`).count).toBe(2);
  });
});

describe('createRedactor with known secrets', () => {
  it('replaces exact known values, longest first, escaping regex characters', () => {
    const redact = createRedactor([], ['pa$$w0rd.(x)', 'pa$$w0rd.(x)-and-more']);
    expect(redact('a pa$$w0rd.(x)-and-more b pa$$w0rd.(x) c')).toEqual({
      text: 'a [REDACTED:secret] b [REDACTED:secret] c',
      count: 2,
    });
  });

  it('ignores known values shorter than 8 characters', () => {
    const redact = createRedactor([], ['true', '8080', 'admin']);
    expect(redact('admin on 8080 is true')).toEqual({ text: 'admin on 8080 is true', count: 0 });
  });

  it('applies known secrets together with pattern rules', () => {
    const redact = createRedactor(createBuiltinRedactRules(), ['my-database-password']);
    const aws = SAMPLES[0]![1];
    expect(redact(`db=my-database-password key=${aws}`).text).toBe(
      'db=[REDACTED:secret] key=[REDACTED:aws-access-key-id]',
    );
  });
});

describe('createRedactor with policy rules', () => {
  it('uses a rule replacement literally', () => {
    const redact = createRedactor([{ name: 'host', pattern: /corp\.example\.com/gi, replacement: '[host $1]' }]);
    expect(redact('at CORP.example.com')).toEqual({ text: 'at [host $1]', count: 1 });
  });

  it('adds the g flag to a pattern without it', () => {
    const redact = createRedactor([{ name: 'x', pattern: /abc/, replacement: '-' }]);
    expect(redact('abc abc').text).toBe('- -');
  });

  it('never inserts replacements for a pattern that matches the empty string', () => {
    const redact = createRedactor([{ name: 'x', pattern: /z*/g, replacement: '!' }]);
    expect(redact('abc zz d')).toEqual({ text: 'abc ! d', count: 1 });
  });
});
