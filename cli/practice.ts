import { lobbyUrl } from '../client/connection.js';
import type { Glyphs } from '../client/glyphs.js';
import type { Palette } from '../client/palette.js';
import type { Outcome } from '../shared/client/outcome.js';
import { playGame } from '../client/play.js';
import type { Terminal } from '../client/terminal.js';
import { startLobby } from '../server/lobby.js';
import { ProcessRoomHost } from '../server/process-room-host.js';

const PRACTICE_HOST = '127.0.0.1';

/** What to practise against: how many of the room's bots, in what arena. */
export interface PracticeOptions {
  /** Your name in the game. */
  readonly playerName: string;
  readonly bots: number;
  readonly width?: number;
  readonly height?: number;
}

/**
 * `vimtron` with no command: a game of one player and `bots` bots, against a
 * lobby started in this very process on a free loopback port, closed again
 * when the game ends.
 */
export async function runPractice(terminal: Terminal, glyphs: Glyphs, palette: Palette, options: PracticeOptions): Promise<Outcome> {
  // Checked before the lobby starts: without a terminal there is nothing to play on.
  if (!terminal.isInteractive) {
    return { exitCode: 1, message: 'vimtron: playing needs an interactive terminal (stdin and stdout must be a terminal, not a pipe or file)' };
  }
  // The lobby logs nothing (its default logger is silent), and its rooms' output is read by it, never shown:
  // the terminal is the game's.
  const lobby = await startLobby({ port: 0, host: PRACTICE_HOST }, new ProcessRoomHost());
  try {
    return await playGame({
      url: lobbyUrl(PRACTICE_HOST, lobby.port),
      game: {
        action: 'create',
        players: options.bots + 1,
        ...(options.bots > 0 ? { bots: options.bots } : {}),
        name: 'practice',
        ...(options.width === undefined ? {} : { width: options.width }),
        ...(options.height === undefined ? {} : { height: options.height }),
        playerName: options.playerName,
      },
      terminal,
      glyphs,
      palette,
    });
  } finally {
    await lobby.close();
  }
}
