// The notes toolgate writes into a tool result in place of what a cap cut or withheld.

const numbers = new Intl.NumberFormat('en-US');

const ASK_FOR_LESS = 'Ask for less, e.g. a narrower query or a page';

export interface CapsInForce {
  maxBytes?: number;
  maxTokens?: number;
}

/** `[toolgate: output truncated, 12,345 of 56,789 bytes cut (max_output_bytes=262144). Ask for less, ...]` */
export function truncationNote(bytesCut: number, bytesTotal: number, caps: CapsInForce): string {
  const settings = [
    caps.maxBytes === undefined ? undefined : `max_output_bytes=${caps.maxBytes}`,
    caps.maxTokens === undefined ? undefined : `max_output_tokens=${caps.maxTokens}`,
  ].filter((setting) => setting !== undefined);
  return `[toolgate: output truncated, ${numbers.format(bytesCut)} of ${numbers.format(bytesTotal)} bytes cut (${settings.join(', ')}). ${ASK_FOR_LESS}]`;
}

/** `[toolgate: image (image/png, 1,234,567 bytes) withheld: over max_output_bytes=262144]` */
export function withheldNote(what: string, mimeType: string | undefined, bytes: number, maxBytes: number): string {
  const type = mimeType === undefined ? '' : `${mimeType}, `;
  return `[toolgate: ${what} (${type}${numbers.format(bytes)} bytes) withheld: over max_output_bytes=${maxBytes}]`;
}
