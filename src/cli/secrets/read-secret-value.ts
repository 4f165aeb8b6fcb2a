// Reads a secret from standard input: piped text, or typed at a hidden prompt on a terminal. Never echoed.
import { GatewayError } from '../../errors/index.js';

/** A credential longer than this is refused (it is most likely the wrong file piped in). */
export const MAX_SECRET_BYTES = 64 * 1024;

export async function readSecretValue(prompt: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const value = input.isTTY ? await readHidden(prompt, input) : stripOneNewline(await readAll(input));
  if (value === '') {
    throw new GatewayError('USAGE', 'No value was given: the secret read from standard input is empty.', {
      hint: 'Pipe the value in (printf %s "$TOKEN" | toolgate secrets set <server> <VAR>) or type it at the prompt.',
    });
  }
  return value;
}

async function readAll(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_SECRET_BYTES)
      throw new GatewayError(
        'USAGE',
        `The value on standard input is larger than ${MAX_SECRET_BYTES} bytes; a credential is much shorter.`,
        { hint: 'Pipe in only the value itself.' },
      );
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `echo` adds one newline; a value that really ends in newlines keeps the rest. */
function stripOneNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

function readHidden(prompt: string, input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new GatewayError('USAGE', 'Cancelled; nothing was stored.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (value.length < MAX_SECRET_BYTES) value += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
