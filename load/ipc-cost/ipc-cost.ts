import type { FlagSpecs } from '../../cli/flags.js';
import { readToolFlags } from '../common/tool-flags.js';
import { FRAMINGS, type Framing } from './framings.js';
import { measureFraming, type ReceiveFigures } from './frame-receiver.js';

const FLAGS = {
  senders: { kind: 'integer', min: 1, max: 200 },
  players: { kind: 'integer', min: 1, max: 64 },
  'tick-ms': { kind: 'integer', min: 1, max: 1000 },
  seconds: { kind: 'integer', min: 1, max: 60 },
  repeats: { kind: 'integer', min: 1, max: 20 },
} as const satisfies FlagSpecs;

const USAGE = `npm run build && node dist/load/ipc-cost/ipc-cost.js [options]

What it costs to hand a room's frames to the lobby, per frame, over Node's
IPC channel with JSON (what rooms use), the same channel with V8's
serialisation, and a dedicated pipe of length-prefixed frames. Stand-in
rooms send a real 4-player game's frames, both formats, once a tick; the
parent does what the lobby does before the sockets (each format as bytes
for every player). Framings run interleaved, the figures are medians.

  --senders N    stand-in room processes (default 20)
  --players N    players each frame goes to (default 2)
  --tick-ms MS   time between a sender's frames (default 100)
  --seconds S    sending time of one measurement (default 5)
  --repeats N    measurements per framing (default 5)
  --help         this text
`;

async function main(): Promise<number> {
  const command = readToolFlags(process.argv.slice(2), FLAGS, USAGE);
  if (!command.run) return command.exitCode;
  const { senders = 20, players = 2, 'tick-ms': tickMs = 100, seconds = 5, repeats = 5 } = command.values;
  const runs = new Map<Framing, ReceiveFigures[]>(FRAMINGS.map((framing) => [framing, []]));
  console.log(`${senders} senders x ${1000 / tickMs} frames/s, ${players} players each, ${seconds} s per measurement, ${repeats} per framing`);
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const framing of FRAMINGS) {
      const figures = await measureFraming(framing, senders, players, tickMs, seconds);
      runs.get(framing)!.push(figures);
      console.log(`  ${framing.padEnd(8)} run ${repeat + 1}: ${figures.frames} of ${figures.sent} frames, ${usPerFrame(figures.receiverCpuUs, figures).toFixed(1)} us lobby, ${usPerFrame(figures.sendersCpuUs, figures).toFixed(1)} us room per frame`);
    }
  }
  const lobby = (framing: Framing): number => median(runs.get(framing)!.map((figures) => usPerFrame(figures.receiverCpuUs, figures)));
  const room = (framing: Framing): number => median(runs.get(framing)!.map((figures) => usPerFrame(figures.sendersCpuUs, figures)));
  console.log('\nCPU per frame (median), and against json:');
  console.log('framing   lobby us  room us   lobby x  room x');
  for (const framing of FRAMINGS) {
    console.log(
      `${framing.padEnd(8)}  ${lobby(framing).toFixed(1).padStart(8)}  ${room(framing).toFixed(1).padStart(7)}  ` +
        `${(lobby(framing) / lobby('json')).toFixed(2).padStart(7)}  ${(room(framing) / room('json')).toFixed(2).padStart(6)}`,
    );
  }
  console.log(`load average: ${(await import('node:os')).loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  return 0;
}

function usPerFrame(cpuUs: number, figures: ReceiveFigures): number {
  return cpuUs / Math.max(1, figures.frames);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

process.exitCode = await main();
