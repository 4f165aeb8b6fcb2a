// Redaction: which keys and names look secret; the one rule every folder asks.
export * from './secret-key.js';
