/**
 * The ways a room process can hand its frames to the lobby, compared by
 * `ipc-cost.ts`:
 * - `json`: Node's IPC channel with JSON serialisation (what rooms use):
 *   the frame strings are escaped into a JSON line and parsed back.
 * - `advanced`: the same channel with V8's structured clone serialisation.
 * - `pipe`: a dedicated pipe of length-prefixed frames, read by the lobby
 *   as Buffers it can hand to every player's socket as they are.
 */
export const FRAMINGS = ['json', 'advanced', 'pipe'] as const;
export type Framing = (typeof FRAMINGS)[number];

/** What a sender says when it is done: its own CPU over the sending, and what it sent. */
export interface SenderReport {
  readonly type: 'done';
  readonly cpuUs: number;
  readonly frames: number;
}

/** Bytes before each frame on the pipe: its length (uint32, big-endian) and its format (1 full, 2 compact). */
export const PIPE_HEADER_BYTES = 5;
export const PIPE_FORMAT = { full: 1, compact: 2 } as const;
