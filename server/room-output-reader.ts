import type { Readable } from 'node:stream';
import { decodeRoomLogLine, roomOutputRecord, type RoomLogRecord } from '../shared/protocol/room-log.js';
import { LineSplitter } from './line-splitter.js';
import { FloodGate } from './throttled-log.js';

/** A record with a stack trace is one long line: longer ones are cut (and then logged as output). */
const MAX_LINE_LENGTH = 64 * 1024;
/** Lines one runtime may log per window: V8's report of a heap out of memory is about 30; a room printing in a loop is held back. */
const LINES_PER_WINDOW = 200;
const WINDOW_MS = 10_000;

/**
 * Reads what a room runtime prints on its stdout and stderr, a line at a
 * time, and hands each to `deliver`: a record the room wrote as it is, any
 * other line as a `room_output` record. Every line is read, so a room never
 * blocks on a full pipe; past LINES_PER_WINDOW a window, lines are counted
 * instead, and the next one delivered says how many as `heldBack`.
 */
export class RoomOutputReader {
  private readonly gate = new FloodGate(LINES_PER_WINDOW, WINDOW_MS);

  constructor(private readonly deliver: (record: RoomLogRecord) => void) {}

  read(stream: Readable, name: 'stdout' | 'stderr'): void {
    const lines = new LineSplitter((line) => this.line(line, name), MAX_LINE_LENGTH);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => lines.push(chunk));
    stream.on('end', () => lines.flush());
    // A pipe's error (the room was killed mid-write) ends its output; the exit is reported elsewhere.
    stream.on('error', () => lines.flush());
  }

  private line(line: string, stream: 'stdout' | 'stderr'): void {
    if (line.trim() === '') return;
    const held = this.gate.admit();
    if (held === null) return;
    const record = decodeRoomLogLine(line) ?? roomOutputRecord(line, stream);
    this.deliver(held === 0 ? record : { ...record, fields: { ...record.fields, heldBack: held } });
  }
}
