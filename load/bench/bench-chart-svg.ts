import type { Spread } from '../../shared/stats/spread.js';
import { ROOM_HOSTS, type RoomHostName } from '../generator/load-options.js';
import type { FigureName } from './bench-figures.js';
import type { BenchResults, ScenarioResult } from './run-bench.js';

const HOST_COLOURS: Readonly<Record<RoomHostName, string>> = { process: '#1f77b4', thread: '#ff7f0e', inline: '#d62728' };
const BAR = 14;
const GROUP_GAP = 22;
const LEFT = 64;
const RIGHT = 16;
const TOP = 76;
const PANEL_HEIGHT = 200;
const PANEL_GAP = 86;
/** The log axis starts here: smaller values (a few microseconds) are drawn at the floor. */
const FLOOR_MS = 0.01;

interface Panel {
  readonly title: string;
  readonly figure: FigureName;
}

const PANELS: readonly Panel[] = [
  { title: 'server p99 tick lateness (ms, log scale)', figure: 'serverLatenessP99Ms' },
  { title: 'client p99 |interval - 100 ms| (ms, log scale)', figure: 'clientIntervalP99Ms' },
];

/**
 * A hand-written SVG bar chart (no dependencies): for each timing scenario,
 * one bar per host at the median of its runs, with a whisker from the
 * smallest to the largest run; one panel for server lateness, one for the
 * client's interval deviation. Null when no timing scenario ran.
 */
export function benchChartSvg(results: BenchResults): string | null {
  const scenarios = results.scenarios.filter((scenario) => ['scale', 'heavy', 'noisy'].includes(scenario.section));
  if (scenarios.length === 0) return null;
  const keys = [...new Set(scenarios.map((scenario) => scenario.key))];
  const hosts = ROOM_HOSTS.filter((host) => scenarios.some((scenario) => scenario.host === host));
  const groupWidth = hosts.length * BAR + GROUP_GAP;
  const width = Math.max(520, LEFT + keys.length * groupWidth + RIGHT);
  const height = TOP + PANELS.length * (PANEL_HEIGHT + PANEL_GAP);

  let largest = FLOOR_MS * 10;
  for (const scenario of scenarios) for (const panel of PANELS) largest = Math.max(largest, scenario.spreads[panel.figure]?.max ?? 0);
  const decades = Math.ceil(Math.log10(largest / FLOOR_MS));
  const top = FLOOR_MS * 10 ** decades;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">vimtron: tick timing per room host${results.options.quick ? ' (quick smoke run)' : ''}</text>`,
    `<text x="${LEFT}" y="36" fill="#555">bars: median of ${results.options.repeats} run(s); whiskers: min-max; ${escapeXml(results.startedAt)}</text>`,
  ];
  hosts.forEach((host, index) => {
    const x = LEFT + index * 80;
    parts.push(`<rect x="${x}" y="46" width="12" height="12" fill="${HOST_COLOURS[host]}"/>`, `<text x="${x + 16}" y="56">${host}</text>`);
  });

  PANELS.forEach((panel, panelIndex) => {
    const panelTop = TOP + panelIndex * (PANEL_HEIGHT + PANEL_GAP) + 16;
    const bottom = panelTop + PANEL_HEIGHT;
    const y = (value: number): number => {
      const clamped = Math.min(top, Math.max(FLOOR_MS, value));
      return bottom - (Math.log10(clamped / FLOOR_MS) / decades) * PANEL_HEIGHT;
    };
    parts.push(`<text x="${LEFT}" y="${panelTop - 6}" font-weight="bold">${escapeXml(panel.title)}</text>`);
    for (let decade = 0; decade <= decades; decade++) {
      const value = FLOOR_MS * 10 ** decade;
      const lineY = y(value).toFixed(1);
      parts.push(
        `<line x1="${LEFT}" x2="${width - RIGHT}" y1="${lineY}" y2="${lineY}" stroke="#ddd"/>`,
        `<text x="${LEFT - 6}" y="${lineY}" text-anchor="end" dominant-baseline="middle">${formatTick(value)}</text>`,
      );
    }
    parts.push(`<line x1="${LEFT}" x2="${LEFT}" y1="${panelTop}" y2="${bottom}" stroke="#333"/>`);
    keys.forEach((key, groupIndex) => {
      const groupX = LEFT + GROUP_GAP / 2 + groupIndex * groupWidth;
      const inGroup = scenarios.filter((scenario) => scenario.key === key);
      hosts.forEach((host, hostIndex) => {
        const scenario = inGroup.find((candidate) => candidate.host === host);
        const spread = scenario?.spreads[panel.figure] ?? null;
        if (!spread) return;
        parts.push(bar(groupX + hostIndex * BAR, spread, y, bottom, HOST_COLOURS[host], scenario!, panel));
      });
      const labelX = groupX + (hosts.length * BAR) / 2;
      parts.push(
        `<text x="${labelX}" y="${bottom + 14}" text-anchor="end" transform="rotate(-35 ${labelX} ${bottom + 14})">${escapeXml(inGroup[0]!.label)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function bar(x: number, spread: Spread, y: (value: number) => number, bottom: number, colour: string, scenario: ScenarioResult, panel: Panel): string {
  const top = y(spread.median);
  const whiskerX = x + BAR / 2 - 0.5;
  const title = `${scenario.title}, ${scenario.host}: ${panel.figure} median ${spread.median} (min ${spread.min}, max ${spread.max}, ${spread.runs} run(s))`;
  return [
    `<g><title>${escapeXml(title)}</title>`,
    `<rect x="${x + 1}" y="${top.toFixed(1)}" width="${BAR - 2}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${colour}"/>`,
    spread.runs > 1 ? `<line x1="${whiskerX}" x2="${whiskerX}" y1="${y(spread.min).toFixed(1)}" y2="${y(spread.max).toFixed(1)}" stroke="#000"/>` : '',
    '</g>',
  ].join('');
}

function formatTick(value: number): string {
  return value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(1)));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
