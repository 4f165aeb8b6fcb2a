// Redaction: which keys and names look secret, and the one value redactor (known secrets, secret shapes, every string of a value).
export * from './secret-key.js';
export * from './text-redactor.js';
export * from './builtin-rules.js';
export * from './secret-text-redactor.js';
export * from './redact-json.js';
