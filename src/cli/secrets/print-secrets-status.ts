// The readable form of `toolgate secrets status`: one fact a line, never a value.
import { countOf } from '../../errors/index.js';
import { SECRETS_CIPHER } from '../../secrets/secrets-cipher.js';
import { SECRETS_PASSPHRASE_ENV } from '../../secrets/secrets-key.js';
import type { SecretsStatus } from '../../secrets/secrets-status.js';
import { printLine } from '../cli-output.js';

export function printSecretsStatus(status: SecretsStatus): void {
  const row = (label: string, value: string) => printLine(`${`${label}:`.padEnd(12)}${value}`);
  row('file', status.mode === null ? `${status.file} (does not exist)` : `${status.file} (mode ${status.mode})`);
  row(
    'format',
    status.format === 'encrypted'
      ? `encrypted (${SECRETS_CIPHER})`
      : status.format === 'plain'
        ? 'plain text (not encrypted)'
        : 'none yet',
  );
  row(
    'kdf',
    status.kdf === null
      ? '-'
      : status.kdf === 'keyfile'
        ? 'keyfile (the key file below)'
        : `scrypt (from ${SECRETS_PASSPHRASE_ENV})`,
  );
  row('key file', `${status.key_file} (${status.key_file_exists ? 'exists' : 'does not exist'})`);
  row(
    'passphrase',
    status.passphrase_set
      ? `${SECRETS_PASSPHRASE_ENV} is set: writes derive their key from it`
      : `${SECRETS_PASSPHRASE_ENV} is not set: writes use the key file`,
  );
  row(
    'secrets',
    status.secrets === null
      ? 'unknown'
      : `${status.secrets} for ${status.servers === null ? 'an unknown number of servers' : countOf(status.servers, 'server')}`,
  );
  if (status.problem) {
    row('problem', status.problem);
    if (status.hint) row('what to do', status.hint);
  } else if (status.format === 'plain')
    printLine('The values are stored in plain text: run `toolgate secrets encrypt` to encrypt them now.');
}
