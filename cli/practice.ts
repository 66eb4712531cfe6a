import { lobbyUrl } from '../client/connection.js';
import type { Glyphs } from '../client/glyphs.js';
import type { Palette } from '../client/palette.js';
import type { Outcome } from '../shared/client/outcome.js';
import { playGame } from '../client/play.js';
import type { Terminal } from '../client/terminal.js';
import { startLobby } from '../server/lobby.js';
import { ProcessRoomHost } from '../server/process-room-host.js';

const PRACTICE_HOST = '127.0.0.1';

/**
 * `vimtron` with no arguments: a one-player game against a lobby started in
 * this very process on a free loopback port, closed again when the game ends.
 */
export async function runPractice(terminal: Terminal, glyphs: Glyphs, palette: Palette, playerName: string): Promise<Outcome> {
  // Checked before the lobby starts: without a terminal there is nothing to play on.
  if (!terminal.isInteractive) {
    return { exitCode: 1, message: 'vimtron: playing needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)' };
  }
  const lobby = await startLobby({ port: 0, host: PRACTICE_HOST, log: () => {} }, new ProcessRoomHost());
  try {
    return await playGame({
      url: lobbyUrl(PRACTICE_HOST, lobby.port),
      game: { action: 'create', players: 1, name: 'practice', playerName },
      terminal,
      glyphs,
      palette,
    });
  } finally {
    await lobby.close();
  }
}
