// What the conformance fixture's tools, resources and prompts share: small content builders and the
// binary samples, built here so no binary file has to ship.
import { fromJsonSchema } from '@modelcontextprotocol/server';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// 1x1 PNG and a 10-sample silent WAV.
export const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV = (() => {
  const samples = Buffer.alloc(20);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24); // sample rate
  header.writeUInt32LE(16000, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]).toString('base64');
})();

export const text = (value) => ({ type: 'text', text: value });
export const done = (value) => ({ content: [text(value)] });
export const noArgs = fromJsonSchema({ type: 'object', properties: {} });
export const formOf = (properties, required) => ({
  type: 'object',
  properties,
  ...(required && { required }),
});
