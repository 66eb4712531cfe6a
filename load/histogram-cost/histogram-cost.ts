/**
 * Side by side, in one run: what our histogram and hdr-histogram-js cost a
 * room and the lobby for tick lateness. Prints CPU per record, per 2 s
 * window and per merge (medians of several interleaved runs), report and
 * stats sizes, memory per histogram, and the memory of a room-like child
 * process holding one. See README.md in this folder.
 *
 *   npm run build && node dist/load/histogram-cost/histogram-cost.js [--runs 7]
 */
import { createRequire } from 'node:module';
import { fixed, textTable } from '../common/text-table.js';
import { measureHolder, type HolderFigures } from './child-memory.js';
import type { HistogramContender } from './contender.js';
import { CONTENDER_NAMES, loadContender, type ContenderName } from './contenders.js';
import { mergeUs, recordNs, reportLines, VALUES_PER_HOUR, VALUES_PER_WINDOW, windowUs } from './cpu-cost.js';
import { latenessSamplesUs } from './lateness-samples.js';

const RECORDS_PER_RUN = 1_000_000;
const WINDOWS_PER_RUN = 5_000;
const MERGES_PER_RUN = 2_000;
const WINDOWS_PER_HOUR = VALUES_PER_HOUR / VALUES_PER_WINDOW;
const HELD_PER_CHILD = 1_000;
const ROOM_CHILD_WINDOWS = 30;
const ROOMS_AT_CAPACITY = 500;
const SAMPLE_COUNT = 4096; // a power of two, for cheap cycling

interface CpuFigures {
  recordNs: number;
  windowUs: number;
  mergeUs: number;
}

async function main(): Promise<void> {
  const runs = runsFromArgs(process.argv.slice(2));
  const values = latenessSamplesUs(SAMPLE_COUNT);
  const contenders = new Map<ContenderName, HistogramContender>();
  for (const name of CONTENDER_NAMES) contenders.set(name, await loadContender(name));
  const hdrVersion = (createRequire(import.meta.url)('hdr-histogram-js/package.json') as { version: string }).version;
  console.log(`node ${process.version}, hdr-histogram-js ${hdrVersion}, ${runs} runs, lateness values in µs as in lateness-samples.ts`);
  for (const [name, contender] of contenders) console.log(`  ${name.padEnd(16)} ${contender.name}`);
  console.log('');

  const lines = new Map<ContenderName, string[]>();
  for (const [name, contender] of contenders) lines.set(name, reportLines(contender, values, 100));

  const cpu = new Map<ContenderName, CpuFigures[]>(CONTENDER_NAMES.map((name) => [name, []]));
  // One warm-up run for the JIT, then runs interleaved so machine noise falls on every contender alike.
  for (let run = -1; run < runs; run++) {
    for (let turn = 0; turn < CONTENDER_NAMES.length; turn++) {
      const name = CONTENDER_NAMES[(turn + Math.max(0, run)) % CONTENDER_NAMES.length]!;
      const contender = contenders.get(name)!;
      const figures = {
        recordNs: recordNs(contender, values, RECORDS_PER_RUN),
        windowUs: windowUs(contender, values, WINDOWS_PER_RUN),
        mergeUs: mergeUs(contender, lines.get(name)!, MERGES_PER_RUN),
      };
      if (run >= 0) cpu.get(name)!.push(figures);
    }
  }
  printTable(
    'CPU (median of runs)',
    ['ns/record', 'µs per 2 s window', 'µs per merge', 'room µs/s', `lobby % of a core, ${ROOMS_AT_CAPACITY} rooms`],
    CONTENDER_NAMES.map((name) => {
      const record = median(cpu.get(name)!.map((figures) => figures.recordNs));
      const window = median(cpu.get(name)!.map((figures) => figures.windowUs));
      const merge = median(cpu.get(name)!.map((figures) => figures.mergeUs));
      // A room records 10 values and reports half a window a second; the lobby merges half a report per room a second.
      const roomUsPerSecond = (10 * record) / 1000 + window / 2;
      const lobbyShare = ((ROOMS_AT_CAPACITY * merge) / 2 / 1e6) * 100;
      return [name, fixed(record, 1), fixed(window, 2), fixed(merge, 2), fixed(roomUsPerSecond, 2), fixed(lobbyShare, 3)];
    }),
  );

  printTable(
    'Sizes (bytes)',
    ['report payload', 'stats IPC line', `stats entry after 1 h (${VALUES_PER_HOUR} values)`],
    [...contenders].map(([name, contender]) => {
      const reportLinesOfRoom = lines.get(name)!;
      const payloads = reportLinesOfRoom.map((line) => JSON.stringify((JSON.parse(line) as { latenessUs: unknown }).latenessUs).length);
      const total = contender.newTotal();
      for (let index = 0; index < WINDOWS_PER_HOUR; index++) total.merge((JSON.parse(reportLinesOfRoom[index % reportLinesOfRoom.length]!) as { latenessUs: unknown }).latenessUs);
      const hourBytes = JSON.stringify(total.wire()).length;
      total.destroy();
      return [name, String(median(payloads)), String(median(reportLinesOfRoom.map((line) => line.length))), String(hourBytes)];
    }),
  );

  const rooms = new Map<string, HolderFigures[]>();
  for (let run = 0; run < runs; run++) {
    for (const name of ['none', ...CONTENDER_NAMES]) {
      const figures = await measureHolder(name, 'room', ROOM_CHILD_WINDOWS);
      rooms.set(name, [...(rooms.get(name) ?? []), figures]);
    }
  }
  const baseline = rooms.get('none')!;
  printTable(
    `Room-like child process holding one window (median of ${runs}; + is against a child with no histogram)`,
    ['import ms', 'RSS KiB', 'PSS KiB', 'private KiB', '+private KiB'],
    [...rooms].map(([name, figures]) => [
      name,
      fixed(median(figures.map((figure) => figure.importMs)), 1),
      kib(median(figures.map((figure) => figure.memory.rssBytes))),
      kib(median(figures.map((figure) => figure.memory.pssBytes))),
      kib(median(figures.map((figure) => figure.memory.privateBytes))),
      kib(median(figures.map((figure) => figure.memory.privateBytes)) - median(baseline.map((figure) => figure.memory.privateBytes))),
    ]),
  );

  const held: string[][] = [];
  for (const name of CONTENDER_NAMES) {
    const windows = await measureHolder(name, 'windows', HELD_PER_CHILD);
    const totals = await measureHolder(name, 'totals', HELD_PER_CHILD);
    held.push([name, bytes(windows.perItem!.heapAndExternal), bytes(windows.perItem!.rss), bytes(totals.perItem!.heapAndExternal), bytes(totals.perItem!.rss)]);
  }
  printTable(
    `Memory per histogram (${HELD_PER_CHILD} held in a fresh process; heap + external, and RSS)`,
    ['window: heap+ext B', 'window: RSS B', '1 h total: heap+ext B', '1 h total: RSS B'],
    held,
  );
}

function runsFromArgs(args: readonly string[]): number {
  if (args.length === 0) return 7;
  const runs = Number(args[1]);
  if (args.length !== 2 || args[0] !== '--runs' || !Number.isInteger(runs) || runs < 1) {
    throw new RangeError(`usage: histogram-cost.js [--runs N], N a positive integer; got ${args.join(' ')}`);
  }
  return runs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function kib(value: number): string {
  return String(Math.round(value / 1024));
}

function bytes(value: number): string {
  return String(Math.round(value));
}

function printTable(title: string, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`${title}\n${textTable(['', ...headers], rows)}\n`);
}

await main();
