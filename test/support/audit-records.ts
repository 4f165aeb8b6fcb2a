// Every audit line written under a TOOLGATE_HOME, parsed, oldest day first.
import fs from 'node:fs';
import path from 'node:path';

export function readAuditRecords<T = Record<string, unknown>>(toolgateHome: string): T[] {
  const dir = path.join(toolgateHome, 'audit');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as T);
}
