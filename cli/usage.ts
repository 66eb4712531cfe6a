import {
  MAX_HEIGHT,
  MAX_PLAYER_NAME_LENGTH,
  MAX_SEATS,
  MAX_WIDTH,
  MIN_HEIGHT,
  MIN_SEATS,
  MIN_WIDTH,
} from '../shared/rules/constants.js';
import { clientDefaults, serverDefaults } from './defaults.js';

/** The `--help` texts of the command line, one per command; every default and range is read from where it is defined. */

/** `vimtron --help`. */
export const TOP_USAGE = `vimtron: multiplayer light cycles in the terminal, steered with vim keys

usage:
  vimtron [--name NAME] [--bots N]
                               practice game on a built-in lobby, alone or against N bots
                               (0-${MAX_SEATS - 1}; --width W and --height H size the arena)
  vimtron server [options]     run a lobby
  vimtron play [options]       browse a lobby's games, or create or join one, and play it
  vimtron watch --game NAME    watch a game on a lobby without taking a seat
  vimtron list [options]       print the games on a lobby

keys: i ready / INSERT mode (leave a wall)   esc stop   h j k l turn   ? help   q quit

exit status: 0 when you quit or the lobby ended the game (it was idle), 1 when the
lobby cannot be reached, refuses the game, or the connection is lost for good,
2 for a mistyped command line, 128 + N when stopped by signal N.

Run "vimtron COMMAND --help" for a command's options.
`;

/** `vimtron server --help`. */
export const SERVER_USAGE = `usage: vimtron server [options]

Runs a lobby that players reach with "vimtron play".

options:
  --port N                 TCP port (default ${serverDefaults.port}; 0 picks a free one)
  --host ADDRESS           interface to listen on (default ${serverDefaults.host}, all)
  --admin-port N           port of the admin listener: /metrics (Prometheus), /status (a live
                           page), /stats, /healthz and /readyz (default: --port + 1; 0 picks a
                           free one; off: none). See docs/operations.md
  --admin-host ADDRESS     interface the admin listener binds (default ${serverDefaults.adminHost}: this
                           machine only, since it shows PIDs, memory and load)
  --max-games N            most games at once; more get SERVER_FULL (default ${serverDefaults.maxGames})
  --max-watchers-per-game N
                           most spectators of one game; more get WATCHERS_FULL (default ${serverDefaults.maxWatchersPerGame})
  --max-watchers N         most spectators of all games together; more get
                           WATCHERS_FULL (default ${serverDefaults.maxWatchers})
  --idle-timeout SECONDS   close a running round nobody steers, or a game nobody is
                           connected to, after this long without a key pressed (default ${serverDefaults.idleTimeoutSeconds});
                           a connected player waiting between rounds is never sent away
  --rooms KIND             where rooms run: process (one forked process per room, the
                           default), thread (a worker thread per room) or inline (all on
                           the lobby's event loop; for comparison only)
  --pool N                 spare room processes kept started so creating a game does not
                           wait for a fork (default ${serverDefaults.pool}; 0 disables)
  --start-concurrency N    rooms starting at once; more wait their turn, in order, games
                           under way first and spares last (default ${serverDefaults.startConcurrency}, this
                           machine's cores)
  --heap-mb N              memory cap per room, in MB of V8 heap (default ${serverDefaults.heapMb})
  --seat-hold SECONDS      how long a dropped player's seat is kept for a rejoin (default ${serverDefaults.seatHoldSeconds})
  --max-connections N      open sockets in total, WebSocket and HTTP (default ${serverDefaults.maxConnections})
  --max-connections-per-address N
                           open sockets from one address, WebSocket and HTTP; an IPv6
                           /64 counts as one address (default ${serverDefaults.maxConnectionsPerAddress}; with --bench, no
                           lower than --max-connections)
  --max-games-per-address N
                           live games one address may play in when it creates another
                           (default ${serverDefaults.maxGamesPerAddress}; with --bench, no lower than --max-games)
  --start-timeout SECONDS  a room not ready this long after it was started is killed and
                           started once more, then its game ends (default ${serverDefaults.startTimeoutSeconds})
  --bench                  benchmark mode: accept the workMs option of create (CPU burnt
                           per tick on request) and allow many connections and games
                           from one address. Never on a public lobby.
  --redis URL              be one lobby of a cluster sharing this Redis server
                           (redis://HOST:PORT): every lobby lists every game and sends
                           players to the lobby that runs theirs (see docs/cluster.md)
  --public-url URL         how players reach this lobby when another lobby sends them
                           here (ws://HOST:PORT/ or wss://; default ws://, then --host, or
                           this machine's name when --host is all interfaces, then the port)
  --log-level LEVEL        the least level logged: trace, debug, info, warn, error, fatal or
                           silent (default ${serverDefaults.logLevel}). Logs go to stdout, one JSON line per
                           event, or readable lines when stdout is a terminal; see
                           docs/operations.md#logs
  -h, --help               show this help
`;

/** `vimtron play --help`. */
export const PLAY_USAGE = `usage: vimtron play [options]

Creates a game (with --players) or joins one (with --game alone), then plays it.
With neither, opens the game browser: the lobby's games, kept up to date
(j/k or arrows: move, enter: join, w: watch, c: create, q: quit); after a
game you are back in the browser.

options:
  --address HOST           lobby address (default ${clientDefaults.address})
  --port N                 lobby port (default ${clientDefaults.port})
  --players N              create a game with N seats (${MIN_SEATS}-${MAX_SEATS}); you take seat 1
  --bots N                 with --players: the room's bots take N of the other seats, ready at
                           once; a player who joins takes a bot's seat (0 to players - 1)
  --game NAME              the game to create (with --players) or to join (alone)
  --width W                arena width when creating (${MIN_WIDTH}-${MAX_WIDTH}, default ${clientDefaults.width})
  --height H               arena height when creating (${MIN_HEIGHT}-${MAX_HEIGHT}, default ${clientDefaults.height})
  --name NAME              your name in the game (up to ${MAX_PLAYER_NAME_LENGTH} letters, digits, "-" and "_";
                           default: your login name). A name another player has
                           gets a suffix: the second "ana" is "ana-2"
  -h, --help               show this help

examples:
  vimtron play                             browse the games and pick one
  vimtron play --players 2 --game duel     create a 2-player game called "duel"
  vimtron play --game duel --name bo       join it as "bo"
  vimtron play --players 4 --bots 2        race two bots, with a seat left for a friend

exit status: 0 when you quit, or when the lobby ended the game on purpose (it was
idle: the reason is printed); 1 when the lobby cannot be reached or refuses the game,
the game crashed, or the connection was lost and the seat not taken back within
VIMTRON_RECONNECT_SECONDS (30 s); 2 for a mistyped command line; 129, 130 or 143
when stopped by SIGHUP, SIGINT or SIGTERM.
`;

/** `vimtron watch --help`. */
export const WATCH_USAGE = `usage: vimtron watch --game NAME [options]

Watches a game as it is played, in any phase, without taking a seat: you see
what the players see, your keys are not sent, and q quits.

options:
  --game NAME              the game to watch (vimtron list shows the games)
  --address HOST           lobby address (default ${clientDefaults.address})
  --port N                 lobby port (default ${clientDefaults.port})
  -h, --help               show this help

example:
  vimtron watch --game duel
`;

/** `vimtron list --help`. */
export const LIST_USAGE = `usage: vimtron list [options]

Prints the games on a lobby, with who plays in each, and exits.

options:
  --address HOST           lobby address (default ${clientDefaults.address})
  --port N                 lobby port (default ${clientDefaults.port})
  -h, --help               show this help
`;
