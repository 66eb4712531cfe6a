import { fork, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PIPE_HEADER_BYTES, type Framing, type SenderReport } from './framings.js';

const SENDER = fileURLToPath(new URL('./frame-sender.js', import.meta.url));

export interface ReceiveFigures {
  /** Frames the parent got, each in both formats. */
  readonly frames: number;
  /** Frames the senders sent. */
  readonly sent: number;
  /** The parent's CPU over the sending: receiving, decoding and making each format a Buffer for every player. */
  readonly receiverCpuUs: number;
  /** The senders' CPU over the sending, as they measured it. */
  readonly sendersCpuUs: number;
}

/**
 * Forks `senders` stand-in rooms that send a frame a tick over `framing`
 * for `seconds`, and does with each frame what the lobby does before the
 * sockets: gets both formats as Buffers, once per player (a string sent on
 * a WebSocket is made a Buffer for each socket; a Buffer read from the pipe
 * serves every socket as it is).
 */
export async function measureFraming(framing: Framing, senders: number, players: number, tickMs: number, seconds: number): Promise<ReceiveFigures> {
  const children: ChildProcess[] = [];
  /** Formats received: two a frame. */
  let pieces = 0;
  let sink = 0;
  const deliver = (bytes: Buffer | string): void => {
    for (let player = 0; player < players; player++) sink += typeof bytes === 'string' ? Buffer.from(bytes).length : bytes.length;
  };
  try {
    for (let index = 0; index < senders; index++) {
      children.push(
        fork(SENDER, [framing, String(tickMs), String(seconds)], {
          serialization: framing === 'advanced' ? 'advanced' : 'json',
          stdio: ['ignore', 'ignore', 'inherit', 'ipc', 'pipe'],
        }),
      );
    }
    await Promise.all(children.map((child) => nextMessage(child)));
    const reports: Promise<SenderReport>[] = [];
    const pipeEnds: Promise<unknown>[] = [];
    for (const child of children) {
      if (framing === 'pipe') {
        const pipe = child.stdio[4] as Readable;
        readPipe(pipe, (piece) => {
          deliver(piece);
          pieces += 1;
        });
        // The pipe and the report travel apart: every frame is counted once the pipe has ended too.
        pipeEnds.push(new Promise((resolve) => pipe.once('end', resolve)));
      } else {
        child.on('message', (message: { type: string; frame?: string; compact?: string }) => {
          if (message.type !== 'frame') return;
          deliver(message.frame!);
          deliver(message.compact!);
          pieces += 2;
        });
      }
      reports.push(nextMessage(child, 'done') as Promise<SenderReport>);
    }
    const started = process.cpuUsage();
    for (const child of children) child.send('start');
    const done = await Promise.all(reports);
    await Promise.all(pipeEnds);
    const used = process.cpuUsage(started);
    if (sink === 0) throw new Error('no frame arrived');
    return {
      frames: pieces / 2,
      sent: done.reduce((sum, report) => sum + report.frames, 0),
      receiverCpuUs: used.user + used.system,
      sendersCpuUs: done.reduce((sum, report) => sum + report.cpuUs, 0),
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : new Promise((resolve) => child.once('exit', resolve)))));
  }
}

function nextMessage(child: ChildProcess, type = 'ready'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }): void => {
      if (message?.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`frame sender ${child.pid} exited with code ${code} before "${type}"`)));
  });
}

/** Splits the length-prefixed frames of a pipe, copying only a frame cut across two reads. */
function readPipe(stream: Readable, onFrame: (frame: Buffer) => void): void {
  let pending: Buffer | null = null;
  stream.on('data', (chunk: Buffer) => {
    const buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    let offset = 0;
    while (buffer.length - offset >= PIPE_HEADER_BYTES) {
      const length = buffer.readUInt32BE(offset);
      const end = offset + PIPE_HEADER_BYTES + length;
      if (end > buffer.length) break;
      onFrame(buffer.subarray(offset + PIPE_HEADER_BYTES, end));
      offset = end;
    }
    if (offset < buffer.length) pending = buffer.subarray(offset);
  });
}
