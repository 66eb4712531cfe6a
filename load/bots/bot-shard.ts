import type { BotTemper } from '../../shared/bots/bot-temper.js';
import { BotPlayer, type BotPlayerEvents, type MeasuredWindow } from './bot-player.js';
import { ClientRoomMetrics } from './client-room-metrics.js';
import type { CoordinatorToShard, GameSpec, ShardProgress, ShardToCoordinator } from './shard-messages.js';

const PROGRESS_EVERY_MS = 500;
/** Sockets that have not finished their closing handshake by then are cut. */
const CLOSE_PATIENCE_MS = 2000;

/** One game as a shard plays it: the creator, the bots that join, their shared figures. */
class ShardGame {
  readonly metrics: ClientRoomMetrics;
  readonly bots: BotPlayer[] = [];
  created = false;
  runningBots = 0;
  failed = false;

  constructor(readonly spec: GameSpec) {
    this.metrics = new ClientRoomMetrics(spec.name, spec.heavy, spec.players);
  }
}

/**
 * A group of bots in one process (a shard), so that the bots of a big run
 * can spread over more than one core. It plays the games it is given,
 * reports progress, and measures only while the coordinator holds the window
 * open. All its state dies with it: nothing is shared with other shards.
 */
export class BotShard {
  private readonly window = { open: false };
  private readonly games: ShardGame[] = [];
  private readonly startTimers = new Set<NodeJS.Timeout>();
  private progressTimer: NodeJS.Timeout | undefined;
  /** The lobbies alive, as the coordinator last said; bots of a cluster rejoin through them. */
  private lobbyUrls: readonly string[] = [];
  private closing = false;

  constructor(private readonly send: (message: ShardToCoordinator) => void) {}

  handle(message: CoordinatorToShard): void {
    switch (message.type) {
      case 'start':
        this.start(message.urls, message.rejoin, message.games, message.temper, message.tickMs);
        return;
      case 'lobbies':
        this.lobbyUrls = message.urls;
        return;
      case 'measure-start':
        this.window.open = true;
        return;
      case 'measure-stop':
        this.window.open = false;
        this.send({ type: 'results', rooms: this.games.map((game) => game.metrics.figures()) });
        return;
      case 'close':
        void this.close().then(() => this.send({ type: 'closed' }));
        return;
    }
  }

  progress(): ShardProgress {
    let created = 0;
    let running = 0;
    let failed = 0;
    let connections = 0;
    let errors = 0;
    let reconnecting = 0;
    for (const game of this.games) {
      if (game.created) created += 1;
      if (game.runningBots >= game.spec.players) running += 1;
      if (game.failed) failed += 1;
      for (const bot of game.bots) {
        if (bot.isOpen) connections += 1;
        if (bot.isRejoining) reconnecting += 1;
      }
      for (const count of Object.values(game.metrics.errors)) errors += count;
    }
    return { created, running, failed, connections, errors, reconnecting };
  }

  /** Closes every socket (waiting a little for the closing handshakes) and stops every timer; idempotent. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.progressTimer);
    for (const timer of this.startTimers) clearTimeout(timer);
    this.startTimers.clear();
    const bots = this.games.flatMap((game) => game.bots);
    for (const bot of bots) bot.close();
    let patience: NodeJS.Timeout | undefined;
    const outOfPatience = new Promise<void>((resolve) => {
      patience = setTimeout(resolve, CLOSE_PATIENCE_MS);
    });
    await Promise.race([Promise.all(bots.map((bot) => bot.closed)), outOfPatience]);
    clearTimeout(patience);
    for (const bot of bots) bot.terminate();
  }

  private start(urls: readonly string[], rejoin: boolean, games: readonly GameSpec[], temper: BotTemper, tickMs: number): void {
    if (this.games.length > 0) throw new Error('bot shard received a second start message');
    this.lobbyUrls = urls;
    const lobbies = rejoin ? () => this.lobbyUrls : undefined;
    this.progressTimer = setInterval(() => this.send({ type: 'progress', progress: this.progress() }), PROGRESS_EVERY_MS);
    for (const spec of games) {
      const game = new ShardGame(spec);
      this.games.push(game);
      const timer = setTimeout(() => {
        this.startTimers.delete(timer);
        this.launch(game, urls[spec.lobby % urls.length]!, temper, tickMs, lobbies);
      }, spec.startAfterMs);
      this.startTimers.add(timer);
    }
  }

  private launch(game: ShardGame, url: string, temper: BotTemper, tickMs: number, lobbies: (() => readonly string[]) | undefined): void {
    if (this.closing) return;
    const events: BotPlayerEvents = {
      joined: (bot) => {
        if (bot !== game.bots[0]) return;
        game.created = true;
        for (const joiner of game.bots.slice(1)) joiner.join();
      },
      running: () => {
        game.runningBots += 1;
      },
      failed: () => {
        game.failed = true;
      },
    };
    const window: MeasuredWindow = this.window;
    for (let seat = 0; seat < game.spec.players; seat++) {
      game.bots.push(
        new BotPlayer({
          url,
          game: game.spec,
          creator: seat === 0,
          metrics: game.metrics,
          temper,
          seed: (game.spec.seed * 7 + seat) >>> 0,
          tickMs,
          window,
          events,
          lobbies,
        }),
      );
    }
  }
}
