import { ROOM_HOSTS } from '../generator/load-options.js';
import { ratioOf, type FigureName } from './bench-figures.js';
import type { BenchSection } from './bench-plan.js';
import { spreadText, type TargetCheck } from './bench-targets.js';
import type { BenchResults, ScenarioResult } from './run-bench.js';

interface Column {
  readonly header: string;
  readonly figure: FigureName;
  readonly digits: number;
}

const TIMING_COLUMNS: readonly Column[] = [
  { header: 'ticks/s (slowest room)', figure: 'ticksPerSecondMin', digits: 2 },
  { header: 'server lateness p50 ms', figure: 'serverLatenessP50Ms', digits: 2 },
  { header: 'server lateness p99 ms', figure: 'serverLatenessP99Ms', digits: 2 },
  { header: 'client p99 \\|interval-100\\| ms', figure: 'clientIntervalP99Ms', digits: 2 },
  { header: 'lobby event-loop delay p99 ms', figure: 'lobbyEventLoopDelayP99Ms', digits: 2 },
  { header: 'missed ticks', figure: 'missedTicks', digits: 0 },
  { header: 'input latency p99 ms', figure: 'inputLatencyP99Ms', digits: 1 },
  { header: 'server CPU %', figure: 'serverCpuPercent', digits: 1 },
  { header: 'lobby CPU %', figure: 'lobbyCpuPercent', digits: 1 },
  { header: 'PSS per room MB', figure: 'pssPerRoomMB', digits: 1 },
  { header: 'load generator CPU %', figure: 'generatorCpuPercent', digits: 1 },
];

const SECTION_TITLES: Readonly<Record<Exclude<BenchSection, 'capacity'>, string>> = {
  scale: '1. Scale: light rooms (work 0.2 ms a tick), 2 bots each',
  scale4: '1b. Scale: light rooms (work 0.2 ms a tick), 4 bots each',
  burst: '6. Creation burst: every create sent at once (load/burst), players stay in their games',
  floor: '7. Floor of a process per room: bare Node children, each a 100 ms timer and one ~500-byte frame up the IPC channel a tick',
  heavy: '2. Heavy rooms: work 10 ms a tick, 2 bots each',
  noisy: '3. Noisy neighbour: figures of the light rooms, next to one heavy room',
  creation: '5. Room creation latency (create sent -> joined received)',
  bandwidth: 'Bandwidth: 4 bots per game, 80 x 22 arena, process host',
};

/** The benchmark's markdown summary: targets first, then one table per section. */
export function benchMarkdown(results: BenchResults, targets: readonly TargetCheck[], chartFile: string | null): string {
  const options = results.options;
  const lines: string[] = [
    `# vimtron benchmark, ${results.startedAt}`,
    '',
    `${options.quick ? '**Quick smoke run** (small scenarios, not the real benchmark). ' : ''}` +
      `Machine: ${results.machine.cpus} CPUs, Node ${results.machine.node}, load average at start ${results.machine.loadAverageAtStart.join(' / ')}. ` +
      `${options.repeats} run(s) per scenario and host, ${options.durationSeconds} s measured per run after every game has started a round. ` +
      'Figures are medians over the runs, with (min-max) when they differ. CPU: 100 % = one core. ' +
      'Server lateness comes from the rooms themselves (actual tick start minus scheduled); client figures from the bots.' +
      (results.cancelled ? '\n\n**Cancelled before the end: some sections are missing.**' : ''),
    '',
    '## Targets',
    '',
    '| target | measured | result | note |',
    '|---|---|---|---|',
    ...targets.map((check) => `| ${cell(check.target)} | ${cell(check.measured)} | ${check.verdict} | ${cell(check.note ?? '')} |`),
    '',
  ];
  if (chartFile) lines.push(`![p99 tick lateness and client interval deviation per host](${chartFile})`, '');

  for (const section of ['scale', 'scale4', 'heavy', 'noisy'] as const) {
    const scenarios = results.scenarios.filter((scenario) => scenario.section === section);
    if (scenarios.length === 0) continue;
    const columns = section === 'noisy'
      ? [...TIMING_COLUMNS, { header: 'heavy room ticks/s', figure: 'heavyTicksPerSecondMin', digits: 2 } as const]
      : TIMING_COLUMNS;
    lines.push(`## ${SECTION_TITLES[section]}`, '', ...scenarioTable(scenarios, columns), '', ...ratioTable(scenarios), '');
  }

  const capacity = results.capacity;
  if (capacity) {
    lines.push(
      '## 4. Capacity: 4-bot games (work 0.2 ms) on the process host',
      '',
      `Criterion: client p99 |interval-100| <= ${capacity.plan.maxIntervalP99Ms} ms and no missed tick. ` +
        `**Held: ${capacity.capacity} games${capacity.reachedLimit ? ` (the search limit, ${capacity.plan.limit}, held: the capacity is higher)` : ''}.**`,
      '',
      '| games | held | ticks/s (slowest room) | client p99 \\|interval-100\\| ms | missed ticks | server CPU % | load generator CPU % | failure |',
      '|---|---|---|---|---|---|---|---|',
      ...capacity.probes.map(({ games, held, run }) => {
        const figures = run.figures;
        const figure = (name: FigureName, digits: number): string => (figures?.[name] == null ? '-' : figures[name]!.toFixed(digits));
        return `| ${games} | ${held ? 'yes' : 'no'} | ${figure('ticksPerSecondMin', 2)} | ${figure('clientIntervalP99Ms', 2)} | ${figure('missedTicks', 0)} | ${figure('serverCpuPercent', 1)} | ${figure('generatorCpuPercent', 1)} | ${cell(run.failure ?? '')} |`;
      }),
      '',
    );
  }

  const creation = results.scenarios.filter((scenario) => scenario.section === 'creation');
  if (creation.length > 0) {
    lines.push(
      `## ${SECTION_TITLES.creation}`,
      '',
      ...scenarioTable(creation, [
        { header: 'p50 ms', figure: 'creationP50Ms', digits: 1 },
        { header: 'p99 ms', figure: 'creationP99Ms', digits: 1 },
      ]),
      '',
    );
  }
  const bursts = results.bursts ?? [];
  if (bursts.length > 0) {
    lines.push(
      `## ${SECTION_TITLES.burst}`,
      '',
      '| creates | host | joined within 10 s | time to joined p50 ms | p99 ms | max ms | lobby ping p99 ms during the burst | failed runs |',
      '|---|---|---|---|---|---|---|---|',
      ...bursts.map(
        (burst) =>
          `| ${burst.games} | ${burst.host} | ${spreadText(burst.spreads.joinedWithin10s, 0)} | ${spreadText(burst.spreads.joinedP50Ms, 0)} | ` +
          `${spreadText(burst.spreads.joinedP99Ms, 0)} | ${spreadText(burst.spreads.joinedMaxMs, 0)} | ${spreadText(burst.spreads.lobbyPingP99Ms, 1)} | ` +
          `${burst.runs.filter((run) => !run.ok).length} of ${burst.runs.length} |`,
      ),
      '',
    );
  }
  const floor = results.floor ?? null;
  if (floor) {
    const pss = floor.pssPerChildBytes;
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
    lines.push(
      `## ${SECTION_TITLES.floor}`,
      '',
      `${floor.options.children} children started as room processes are (same node, the lobby-only variables left out, stdio and a JSON IPC channel), ` +
        `measured for ${floor.options.windowSeconds} s after ${floor.options.settleSeconds} s of settling.`,
      '',
      '| children | ticks in the window | CPU us per tick | PSS per child MB, median (min-max) | children checked gone | survivors |',
      '|---|---|---|---|---|---|',
      `| ${floor.options.children} | ${floor.ticks} | ${floor.cpuUsPerTick === null ? '-' : floor.cpuUsPerTick.toFixed(1)} | ` +
        `${pss ? `${mb(pss.median)} (${mb(pss.min)}-${mb(pss.max)})` : '-'} | ${floor.pidsChecked} | ${floor.survivors.length === 0 ? 'none' : floor.survivors.join(', ')} |`,
      '',
    );
  }
  const bandwidth = results.scenarios.filter((scenario) => scenario.section === 'bandwidth');
  if (bandwidth.length > 0) {
    lines.push(
      `## ${SECTION_TITLES.bandwidth}`,
      '',
      ...scenarioTable(bandwidth, [
        { header: 'bytes per player per second', figure: 'bytesPerPlayerPerSecond', digits: 0 },
        { header: 'lobby relay us per frame', figure: 'relayCpuUsPerMessage', digits: 1 },
        { header: 'room CPU us per tick', figure: 'roomCpuUsPerTick', digits: 1 },
      ]),
      '',
    );
  }

  const failures = [
    ...results.scenarios.flatMap((scenario) =>
      scenario.runs.filter((run) => !run.ok).map((run) => `- ${scenario.title}, ${scenario.host}: ${oneLine(run.failure ?? '')}`),
    ),
    ...(capacity?.probes.filter((probe) => !probe.run.ok).map((probe) => `- capacity probe ${probe.games} games: ${oneLine(probe.run.failure ?? '')}`) ?? []),
    ...bursts.flatMap((burst) => burst.runs.filter((run) => !run.ok).map((run) => `- creation burst of ${burst.games}, ${burst.host}: ${oneLine(run.failure ?? '')}`)),
    ...(floor && !floor.ok ? [`- floor: ${oneLine(floor.failure ?? '')}`] : []),
  ];
  lines.push('## Failed runs', '', ...(failures.length > 0 ? failures : ['none']), '');
  return lines.join('\n');
}

/** Text for a table cell: pipes escaped, on one line. */
function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ');
}

function scenarioTable(scenarios: readonly ScenarioResult[], columns: readonly Column[]): string[] {
  return [
    `| scenario | host | ${columns.map((column) => column.header).join(' | ')} | failed runs |`,
    `|---|---|${columns.map(() => '---|').join('')}---|`,
    ...scenarios.map(
      (scenario) =>
        `| ${scenario.title} | ${scenario.host} | ${columns.map((column) => spreadText(scenario.spreads[column.figure], column.digits)).join(' | ')} | ` +
        `${scenario.runs.filter((run) => !run.ok).length} of ${scenario.runs.length} |`,
    ),
  ];
}

/** Thread and inline against process, per scenario: above 1 means worse than process (CPU: more). */
function ratioTable(scenarios: readonly ScenarioResult[]): string[] {
  const keys = [...new Set(scenarios.map((scenario) => scenario.key))];
  const rows: string[] = [];
  for (const key of keys) {
    const byHost = new Map(scenarios.filter((scenario) => scenario.key === key).map((scenario) => [scenario.host, scenario]));
    const process = byHost.get('process');
    if (!process) continue;
    const cells: string[] = [];
    for (const host of ROOM_HOSTS.filter((host) => host !== 'process')) {
      const other = byHost.get(host);
      for (const figure of ['serverLatenessP99Ms', 'clientIntervalP99Ms', 'serverCpuPercent'] as const) {
        const ratio = ratioOf(other?.spreads[figure] ?? null, process.spreads[figure]);
        cells.push(ratio === null ? '-' : `${ratio.toFixed(ratio >= 10 ? 0 : 2)} x`);
      }
    }
    rows.push(`| ${process.title} | ${cells.join(' | ')} |`);
  }
  if (rows.length === 0) return [];
  return [
    'Ratios of medians against the process host:',
    '',
    '| scenario | thread/process server p99 | thread/process client p99 | thread/process server CPU | inline/process server p99 | inline/process client p99 | inline/process server CPU |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
