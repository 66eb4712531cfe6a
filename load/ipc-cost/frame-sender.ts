import { Socket } from 'node:net';
import { stepWithBots } from '../../shared/bots/room-bots.js';
import { encodeCompactStateFrame } from '../../shared/protocol/compact-frames.js';
import { encodeStateFrame } from '../../shared/protocol/game-frames.js';
import { createGame } from '../../shared/rules/index.js';
import { FRAMINGS, PIPE_FORMAT, PIPE_HEADER_BYTES, type Framing, type SenderReport } from './framings.js';

/**
 * A stand-in for a room process: sends a real game's frames (both formats,
 * encoded beforehand so only the hand-over is measured) to its parent once
 * a tick for as long as it is told, then reports its own CPU.
 */
const [framingArgument, tickMsArgument, secondsArgument] = process.argv.slice(2);
if (!FRAMINGS.includes(framingArgument as Framing) || typeof process.send !== 'function') {
  console.error('frame-sender: forked by ipc-cost.js with a framing, a tick in ms and seconds');
  process.exit(2);
}
const framing = framingArgument as Framing;
const tickMs = Number(tickMsArgument);
const seconds = Number(secondsArgument);

/** A few seconds of a four-player game of bots in the default arena: frames of a real size, changing every tick. */
function sampleFrames(): { full: string; compact: string }[] {
  let state = createGame({ seats: 4, bots: 4, width: 80, height: 22, seed: process.pid });
  const frames: { full: string; compact: string }[] = [];
  while (frames.length < 100) {
    state = stepWithBots(state, []);
    if (state.phase === 'running') frames.push({ full: encodeStateFrame(state), compact: encodeCompactStateFrame(state) });
  }
  return frames;
}

const frames = sampleFrames();
const pipe = framing === 'pipe' ? new Socket({ fd: 4, readable: false, writable: true }) : null;

function sendFrame(frame: { full: string; compact: string }): void {
  if (!pipe) {
    process.send!({ type: 'frame', frame: frame.full, compact: frame.compact });
    return;
  }
  const full = Buffer.byteLength(frame.full);
  const compact = Buffer.byteLength(frame.compact);
  const out = Buffer.allocUnsafe(2 * PIPE_HEADER_BYTES + full + compact);
  out.writeUInt32BE(full, 0);
  out[4] = PIPE_FORMAT.full;
  out.write(frame.full, PIPE_HEADER_BYTES);
  out.writeUInt32BE(compact, PIPE_HEADER_BYTES + full);
  out[PIPE_HEADER_BYTES + full + 4] = PIPE_FORMAT.compact;
  out.write(frame.compact, 2 * PIPE_HEADER_BYTES + full);
  pipe.write(out);
}

process.once('message', () => {
  const started = process.cpuUsage();
  let sent = 0;
  const timer = setInterval(() => {
    sendFrame(frames[sent % frames.length]!);
    sent += 1;
  }, tickMs);
  setTimeout(() => {
    clearInterval(timer);
    const used = process.cpuUsage(started);
    const report: SenderReport = { type: 'done', cpuUs: used.user + used.system, frames: sent };
    // The pipe is flushed first, so the parent has every frame before the report.
    const finish = (): void => void process.send!(report, () => process.disconnect());
    if (pipe) pipe.end(finish);
    else finish();
  }, seconds * 1000);
});
process.send({ type: 'ready' });
