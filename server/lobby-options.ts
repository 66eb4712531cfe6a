/** How an operator configures a lobby; every field has a default. */
export interface LobbyOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to listen on; all interfaces by default so friends on a LAN can join. */
  readonly host: string;
  /** Most rooms at once; creating one more gets SERVER_FULL. */
  readonly maxGames: number;
  /** A room with no key pressed for this long is disposed. */
  readonly idleTimeoutMs: number;
  /** Milliseconds per tick; 100. Only tests change it. */
  readonly tickMs: number;
  /** Accept the benchmark-only `workMs` option of `create` (burns CPU on request: never on a public lobby). */
  readonly benchmarkKnobs: boolean;
  /** Where one-line operator logs go. */
  readonly log: (line: string) => void;
}

export const defaultLobbyOptions: LobbyOptions = {
  port: 8766,
  host: '0.0.0.0',
  maxGames: 500,
  idleTimeoutMs: 180_000,
  tickMs: 100,
  benchmarkKnobs: false,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
};
