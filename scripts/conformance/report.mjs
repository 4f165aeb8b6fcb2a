// Direct vs through-toolgate, per protocol revision: which scenarios regress, which are known gaps
// (recorded in baseline.json), which gaps have closed; the tables and the JSON summary.
import fs from 'node:fs/promises';

/** Longest failure text shown per row in the table (the JSON summary has them whole). */
const REASON_CHARS = 160;

/** The recorded known gaps: { revision: { "server/<scenario>": reason } }. */
export async function readBaseline(file) {
  const text = await fs.readFile(file, 'utf8').catch((error) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return { knownGaps: {} };
  const baseline = JSON.parse(text);
  if (typeof baseline?.knownGaps !== 'object' || baseline.knownGaps === null) {
    throw new Error(`${file}: expected { "knownGaps": { "<revision>": { "server/<scenario>": "<reason>" } } }`);
  }
  return baseline;
}

export async function writeBaseline(file, baseline) {
  await fs.writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/**
 * The suite's checks are loose: e.g. tools-call-simple-text passes on any text content, so a gateway
 * answering "tool not found" as an isError text result passes it. In flat mode a transparent gateway
 * gives back what the downstream gave, so a pass whose recorded answer differs from the direct one is
 * flagged (and fails the run under --strict).
 */
function answersDiffer(direct, gateway) {
  return Object.entries(direct.answers ?? {}).some(
    ([id, answer]) => stableJson(answer) !== stableJson(gateway.answers?.[id]),
  );
}

function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const outcome = (result) => (result === undefined ? 'missing' : result.passed ? 'pass' : 'fail');

/**
 * One row per scenario. `status`: ok, REGRESSION (passes directly, fails through toolgate, not a
 * recorded gap), known gap (a recorded one), closed gap (recorded, but passes now), fails directly,
 * or not scored (extension, pending, added after the release: reported, never enforced).
 */
export function compareRevision({ kind, direct, toolgate, scored, gaps }) {
  const names = [...new Set([...direct.keys(), ...(toolgate?.keys() ?? [])])];
  return names.map((scenario) => {
    const key = `${kind}/${scenario}`;
    const d = direct.get(scenario);
    const g = toolgate?.get(scenario);
    const row = {
      kind,
      scenario,
      key,
      scored: scored.has(scenario),
      direct: outcome(d),
      toolgate: toolgate ? outcome(g) : 'not run',
      answerDiffers: Boolean(d?.passed && g?.passed && answersDiffer(d, g)),
      directFailures: d?.failures ?? [],
      toolgateFailures: g?.failures ?? [],
    };
    const recorded = Object.hasOwn(gaps, key);
    if (recorded) row.recordedGap = gaps[key];
    if (!row.scored) row.status = 'not scored';
    else if (!toolgate) row.status = row.direct === 'pass' ? 'ok' : 'fails directly';
    else if (row.direct !== 'pass') row.status = 'fails directly';
    else if (row.toolgate === 'pass') row.status = recorded ? 'closed gap' : 'ok';
    else row.status = recorded ? 'known gap' : 'REGRESSION';
    return row;
  });
}

export function totalsOf(rows) {
  const scored = rows.filter((row) => row.scored);
  const passed = (column) => scored.filter((row) => row[column] === 'pass').length;
  const count = (status) => rows.filter((row) => row.status === status).length;
  return {
    scored: scored.length,
    direct: passed('direct'),
    toolgate: passed('toolgate'),
    regressions: count('REGRESSION'),
    knownGaps: count('known gap'),
    closedGaps: count('closed gap'),
    failsDirectly: count('fails directly'),
    notScored: count('not scored'),
    answerDiffers: rows.filter((row) => row.answerDiffers).length,
  };
}

const clip = (text) => (text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text);

export function formatRevision(revision, section) {
  const { rows, totals } = section;
  const width = Math.max(...rows.map((row) => row.key.length), 'scenario'.length);
  const line = (a, b, c, d = '') => `${a.padEnd(width)}  ${b.padEnd(7)}  ${c.padEnd(8)}  ${d}`.trimEnd();
  const out = [`== ${revision} ${section.title} ==`];
  out.push(line('scenario', 'direct', 'toolgate', 'status'), line('-'.repeat(width), '-------', '--------', '------'));
  for (const row of rows) {
    const status = row.answerDiffers ? 'ok, but answered differently than direct' : row.status;
    out.push(line(row.key, row.direct, row.answerDiffers ? 'pass*' : row.toolgate, status));
  }
  out.push(
    '',
    `scored: ${totals.scored}; direct ${totals.direct} passed, ` +
      (section.toolgateRun ? `toolgate ${totals.toolgate} passed; ` : 'toolgate not run; ') +
      `regressions ${totals.regressions}, known gaps ${totals.knownGaps}, closed gaps ${totals.closedGaps}, ` +
      `failing directly ${totals.failsDirectly}; not scored ${totals.notScored}` +
      (section.seconds ? ` (${section.seconds})` : ''),
  );
  const explain = (status, heading, reasonOf) => {
    const matching = rows.filter((row) => row.status === status);
    if (matching.length === 0) return;
    out.push('', heading);
    for (const row of matching) out.push(`  ${row.key}: ${clip(reasonOf(row))}`);
  };
  const first = (failures) => (row) => row[failures][0] ?? 'no result';
  const toolgateFailure = first('toolgateFailures');
  explain('REGRESSION', 'REGRESSIONS (pass directly, fail through toolgate, not a recorded gap):', toolgateFailure);
  explain('known gap', 'known gaps through toolgate (recorded in the baseline, not failing the run):', toolgateFailure);
  explain('closed gap', 'closed gaps (recorded in the baseline, pass now: the baseline tightens):', (row) => {
    return `passes now; was: ${row.recordedGap}`;
  });
  explain(
    'fails directly',
    'failing directly (the fixture or reference client does not do these):',
    first('directFailures'),
  );
  return out.join('\n');
}
