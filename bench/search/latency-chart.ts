// Draws search latency against catalog size as a small standalone SVG, from measured points only.
// Re-draw from the last measurement without re-running: node --import tsx bench/search/latency-chart.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LatencyPoint {
  tools: number;
  p50: number;
  p95: number;
  plainP50: number;
  plainP95: number;
  buildMs: number;
}

const W = 640;
const H = 380;
const PAD = { left: 64, right: 180, top: 40, bottom: 56 };

const SERIES: { key: keyof LatencyPoint; label: string; color: string; dash?: string }[] = [
  { key: 'p95', label: 'toolgate p95', color: '#c0392b' },
  { key: 'p50', label: 'toolgate p50', color: '#2c7fb8' },
  { key: 'plainP95', label: 'plain MiniSearch p95', color: '#c0392b', dash: '5 4' },
  { key: 'plainP50', label: 'plain MiniSearch p50', color: '#2c7fb8', dash: '5 4' },
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Log-scaled x (tools) and y (ms) axes, one polyline per series, a dot and a label at each point. */
export function renderLatencyChart(points: readonly LatencyPoint[], caption: string): string {
  const xs = points.map((p) => p.tools);
  const ys = points.flatMap((p) => SERIES.map((s) => p[s.key])).filter((y) => y > 0);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  // Exponents are whole numbers, so the decade lines land on exact powers of ten.
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (v: number) => PAD.left + (xMax === xMin ? plotW / 2 : ((Math.log10(v) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW);
  const y = (v: number) => PAD.top + plotH - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${PAD.left}" y="22" font-size="14" font-weight="bold">Catalog search latency vs catalog size (log-log)</text>`);
  for (let exponent = Math.log10(yMin); exponent <= Math.log10(yMax); exponent++) {
    const decade = 10 ** exponent;
    const label = exponent >= 0 ? String(decade) : decade.toFixed(-exponent);
    out.push(`<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(decade).toFixed(1)}" y2="${y(decade).toFixed(1)}" stroke="#ddd"/>`);
    out.push(`<text x="${PAD.left - 8}" y="${(y(decade) + 4).toFixed(1)}" text-anchor="end">${label} ms</text>`);
  }
  for (const tools of xs) {
    out.push(`<line x1="${x(tools).toFixed(1)}" x2="${x(tools).toFixed(1)}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${x(tools).toFixed(1)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${tools.toLocaleString('en-US')}</text>`);
  }
  out.push(`<text x="${PAD.left + plotW / 2}" y="${H - 22}" text-anchor="middle">tools in the catalog</text>`);
  out.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  SERIES.forEach((series, i) => {
    const coords = points.map((p) => `${x(p.tools).toFixed(1)},${y(p[series.key]).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${coords}" fill="none" stroke="${series.color}" stroke-width="2"${series.dash ? ` stroke-dasharray="${series.dash}"` : ''}/>`);
    for (const p of points) {
      out.push(`<circle cx="${x(p.tools).toFixed(1)}" cy="${y(p[series.key]).toFixed(1)}" r="3" fill="${series.color}"/>`);
      if (!series.dash) out.push(`<text x="${(x(p.tools) + 6).toFixed(1)}" y="${(y(p[series.key]) - 6).toFixed(1)}" fill="${series.color}">${p[series.key].toFixed(2)}</text>`);
    }
    const ly = PAD.top + 10 + i * 20;
    out.push(`<line x1="${W - PAD.right + 14}" x2="${W - PAD.right + 40}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dash ? ` stroke-dasharray="${series.dash}"` : ''}/>`);
    out.push(`<text x="${W - PAD.right + 46}" y="${ly + 4}">${escape(series.label)}</text>`);
  });
  out.push(`<text x="${W - PAD.right + 14}" y="${PAD.top + 100}" fill="#555">targets: p95 ≤ 5 ms at 5k,</text>`);
  out.push(`<text x="${W - PAD.right + 14}" y="${PAD.top + 116}" fill="#555">≤ 30 ms at 50k</text>`);
  out.push(`<text x="${PAD.left}" y="${H - 6}" fill="#777" font-size="10">${escape(caption)}; synthetic catalog, limit 8</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'results');
  const data = JSON.parse(readFileSync(join(dir, 'search-latency.json'), 'utf8')) as { points: LatencyPoint[]; node: string; platform: string };
  writeFileSync(join(dir, 'search-latency.svg'), renderLatencyChart(data.points, `node ${data.node}, ${data.platform}`));
  console.log(`wrote ${join(dir, 'search-latency.svg')}`);
}
