/**
 * What a tick-lateness histogram must do in vimtron, from both ends of the
 * 2 s report: a room records one value a tick into a window, reports it and
 * starts the next window; the lobby merges every report into the room's total.
 */
export interface HistogramContender {
  readonly name: string;
  newWindow(): RoomWindow;
  newTotal(): LobbyTotal;
}

/** The room's side: one per room, recorded into every tick. */
export interface RoomWindow {
  record(latenessUs: number): void;
  /** The payload the room sends as `latenessUs`: anything JSON can carry. */
  report(): unknown;
  /** Starts the next window empty. */
  restart(): void;
  /** Frees what the garbage collector does not (WebAssembly memory). */
  destroy(): void;
}

/** The lobby's side: one per room, for as long as the room lives. */
export interface LobbyTotal {
  merge(report: unknown): void;
  p99(): number;
  /** What the `stats` answer carries for this room. */
  wire(): unknown;
  destroy(): void;
}
