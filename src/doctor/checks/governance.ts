// Doctor: what the policy does to calls (monitor or enforce, approvals, audit) and whether the audit log can be written.
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadPolicy } from '../../policy/load-policy.js';
import { check, type CheckResult } from '../doctor-check.js';

/** The policy's effect on the call path; a policy that does not parse is the `policy` check's failure, not repeated here. */
export async function checkGovernance(listFiles: () => readonly string[]): Promise<CheckResult[]> {
  let policy;
  try {
    const files = listFiles();
    // The first file is the user's own (listPolicyFiles): it counts even when absent, as in the gateway.
    policy = await loadPolicy(files, files[0] === undefined ? {} : { userFile: files[0] });
  } catch {
    return [];
  }
  const results: CheckResult[] = [];
  if (policy.mode === 'monitor') {
    results.push(
      check(
        'governance',
        'warn',
        'policy mode is monitor: calls that fail a gate (deny rules included) go through and are only logged as would_block',
        {
          fix: 'Review them with `toolgate logs --audit --decision would_block`, then set `mode: enforce` (or remove `mode: monitor`) in your policy files.',
        },
      ),
    );
  } else {
    const limits = [
      policy.gates.perSessionPerMinute && `${policy.gates.perSessionPerMinute}/min per session`,
      policy.gates.perToolPerMinute && `${policy.gates.perToolPerMinute}/min per tool`,
    ].filter(Boolean);
    results.push(
      check(
        'governance',
        'ok',
        `enforce mode; secrets in output: ${policy.gates.secrets}; output schemas ${policy.gates.outputSchema ? 'checked' : 'not checked'}; rate limits: ${limits.length ? limits.join(', ') : 'none'}`,
      ),
    );
  }
  if (policy.approval.length > 0) {
    results.push(
      check(
        'approvals',
        'ok',
        `${policy.approval.length} approval rule(s) (${policy.approval.slice(0, 5).join(', ')}); a client without MCP elicitation gets APPROVAL_DENIED for those tools`,
        {
          subject: 'approval',
        },
      ),
    );
  }
  if (!policy.audit) {
    results.push(
      check('audit-log', 'warn', 'the audit log is off (policy audit: false): tool calls leave no record', {
        fix: 'Remove `audit: false` from your policy files.',
      }),
    );
  }
  return results;
}

/** The audit folder: private, and its day files private too. Absent is fine (nothing was called yet). */
export async function checkAuditLog(dir: string): Promise<CheckResult> {
  let names: string[];
  try {
    const stat = await fs.lstat(dir);
    if (stat.isSymbolicLink())
      return check('audit-log', 'fail', `${dir} is a symbolic link: audit lines are not written through one`, {
        subject: dir,
        fix: `Remove it (rm ${dir}); toolgate creates the folder.`,
      });
    if (!stat.isDirectory())
      return check('audit-log', 'fail', `${dir} is not a folder: audit lines cannot be written`, {
        subject: dir,
        fix: `Move ${dir} away; toolgate creates the folder.`,
      });
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      return check(
        'audit-log',
        'warn',
        `${dir} has mode ${(stat.mode & 0o777).toString(8)}: other users can list the audit log`,
        { subject: dir, fix: `chmod 700 ${dir}` },
      );
    }
    names = (await fs.readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return check('audit-log', 'ok', `no audit log yet (${dir})`, { subject: dir });
    return check(
      'audit-log',
      'fail',
      `${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { subject: dir, fix: 'Check its owner and permissions (yours, mode 700).' },
    );
  }
  for (const name of names) {
    const stat = await fs.lstat(path.join(dir, name)).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      return check(
        'audit-log',
        'fail',
        `${name} is a symbolic link: the gateway writes no audit lines through it (it could point at any file)`,
        { subject: path.join(dir, name), fix: `rm ${path.join(dir, name)}; toolgate makes a real file.` },
      );
    }
    if (stat && process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      return check(
        'audit-log',
        'warn',
        `${name} has mode ${(stat.mode & 0o777).toString(8)}: other users can read it`,
        { subject: path.join(dir, name), fix: `chmod 600 ${path.join(dir, '*.jsonl')}` },
      );
    }
  }
  const latest = names.at(-1);
  return check(
    'audit-log',
    'ok',
    names.length === 0 ? `no audit lines yet (${dir})` : `${names.length} day file(s) in ${dir}, latest ${latest}`,
    { subject: dir },
  );
}
