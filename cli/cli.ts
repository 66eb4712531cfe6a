#!/usr/bin/env node
/**
 * The `vimtron` command: practice (no arguments), server, play (or the game browser) and list.
 * This file owns the process: it parses the command line, runs one command,
 * prints the outcome's message on stderr and exits with its code. Usage
 * errors exit with 2, failures to reach or stay with a lobby with 1.
 */
import { browseGames } from '../client/browse.js';
import { lobbyUrl } from '../client/connection.js';
import { glyphsFor } from '../client/glyphs.js';
import { paletteFor } from '../client/palette.js';
import type { Outcome } from '../shared/client/outcome.js';
import { playGame, type PlayTarget } from '../client/play.js';
import { reconnectWindowFromEnvironment } from '../shared/client/reconnect-schedule.js';
import { Terminal } from '../client/terminal.js';
import { parseCommandLine, type Command } from './command-line.js';
import { listGames } from './list.js';
import { loginPlayerName } from './login-name.js';
import { runPractice } from './practice.js';
import { crashOutcome, exitOnCrash, exitWith } from './process-exit.js';
import { runServer } from './server-command.js';

const terminal = new Terminal();
const glyphs = glyphsFor(process.env);
const palette = paletteFor(process.env);
const print = (text: string): void => {
  process.stdout.write(text);
};

const commands: { readonly [K in Command['kind']]: (command: Extract<Command, { kind: K }>) => Promise<Outcome> } = {
  help: async (command) => {
    print(command.text);
    return { exitCode: 0 };
  },
  practice: (command) => runPractice(terminal, glyphs, palette, command),
  server: (command) => runServer(command),
  play: async (command) => {
    const reconnectWindow = reconnectWindowFromEnvironment(process.env);
    if (!reconnectWindow.ok) return { exitCode: 2, message: reconnectWindow.error };
    const url = lobbyUrl(command.address, command.port);
    return playGame({ url, game: command.game, terminal, glyphs, palette, reconnectWindowMs: reconnectWindow.value });
  },
  browse: async (command) => {
    const reconnectWindow = reconnectWindowFromEnvironment(process.env);
    if (!reconnectWindow.ok) return { exitCode: 2, message: reconnectWindow.error };
    const url = lobbyUrl(command.address, command.port);
    // A seat taken back has the name it had, a spectator takes no seat; the game browser never asks for one.
    const named = (game: PlayTarget): PlayTarget =>
      game.action === 'rejoin' || game.action === 'watch' ? game : { ...game, playerName: command.playerName };
    const play = (game: PlayTarget) => playGame({ url, game: named(game), terminal, glyphs, palette, reconnectWindowMs: reconnectWindow.value });
    return browseGames({ url, terminal, palette, play });
  },
  list: (command) => listGames(lobbyUrl(command.address, command.port), print),
};

async function main(argv: readonly string[]): Promise<Outcome> {
  const parsed = parseCommandLine(argv, () => loginPlayerName());
  if (!parsed.ok) return { exitCode: 2, message: parsed.error };
  const command = parsed.value;
  return (commands[command.kind] as (command: Command) => Promise<Outcome>)(command);
}

exitOnCrash(terminal);
main(process.argv.slice(2)).then(
  (outcome) => exitWith(terminal, outcome),
  (error: unknown) => exitWith(terminal, crashOutcome(error)),
);
