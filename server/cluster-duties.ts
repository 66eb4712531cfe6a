import type { ClientSession } from './client-session.js';
import type { GameDirectory, RecordSave } from './game-directory.js';
import type { LobbyRoom, RecordChange } from './lobby-room.js';
import type { LobbyOptions } from './lobby-options.js';
import { RoomEndReason } from './room-events.js';
import type { RoomSupervisor } from './room-supervisor.js';
import { logEvent } from './log/log-events.js';
import { describeError, ThrottledLog } from './throttled-log.js';

/** How often a lobby looks for games of lobbies that are gone. */
const CLAIM_EVERY_MS = 500;
/** How often a draining lobby looks whether a peer has taken a handed-over game. */
const HANDOVER_POLL_MS = 50;
/**
 * How long a new checkpoint may wait to be saved with the others that come
 * meanwhile: one tick. Rooms checkpoint on their own schedules, so saving
 * each at once would be one directory call per checkpoint (200 a second for
 * 100 games), and a call costs the lobby far more than the record's bytes.
 * A seat taken or given up is saved at once: a player must be able to
 * rejoin with a new seat token even if this lobby dies the next moment.
 */
const RECORD_SAVE_DELAY_MS = 100;

/**
 * What a lobby owes the other lobbies sharing its game directory: each
 * game's record kept there (so a peer can resume it), games of lobbies that
 * are gone claimed and resumed here, a game another lobby claimed from this
 * one stopped at once (fencing), and at shutdown every game handed to a peer
 * instead of ended (drain). A standalone lobby has none of these.
 */
export class ClusterDuties {
  private claimTimer: NodeJS.Timeout | undefined;
  /** The look for orphans under way, which a second caller waits for instead of starting another. */
  private claiming: Promise<void> | null = null;
  /** The look that follows the one under way, shared by every player who asks for a game meanwhile. */
  private nextClaim: Promise<void> | null = null;
  /** Games players asked this lobby for since the last look: claimed first, whatever the fair share. */
  private readonly asked = new Set<string>();
  private disposed = false;
  /** Rooms whose record changed since their last save, waiting for the next one. */
  private readonly changed = new Set<LobbyRoom>();
  private saveTimer: NodeJS.Timeout | undefined;
  /** A save of records is on its way: the next waits for it. */
  private saving = false;
  /** A seat changed while a save was on its way: the next save goes as soon as that one is over. */
  private seatsChangedWhileSaving = false;
  /** Games being handed over, and the URL of the lobby that takes each (null if none does). */
  private readonly handovers = new Map<string, Promise<string | null>>();
  /** Rooms being handed over: their last checkpoint still has to be recorded. */
  private readonly draining = new Set<LobbyRoom>();
  private readonly errors: ThrottledLog;
  /** The other lobbies alive, as last seen; players are given them to rejoin through. */
  private peers: readonly Peer[] = [];

  constructor(
    private readonly options: LobbyOptions,
    private readonly directory: GameDirectory,
    private readonly supervisor: RoomSupervisor,
  ) {
    this.errors = new ThrottledLog(options.logger);
    supervisor.onRecordChange(this.roomRecordChanged);
  }

  /** Starts looking for games of lobbies that are gone; once this lobby has joined the directory. */
  start(): void {
    if (this.disposed || this.claimTimer) return;
    this.claimTimer = setInterval(this.claimOrphans, CLAIM_EVERY_MS);
    // A game handed to this lobby is claimed, and its room started, while its players are still on their way.
    this.directory.onHandedOver((game) => void this.claimNow(game));
    this.claimOrphans();
  }

  /** URLs of the other lobbies alive, refreshed with every look for orphans. */
  peerUrls(): readonly string[] {
    return this.peers.map((peer) => peer.url);
  }

  /**
   * A player asks for `game`, which another lobby holds: if that lobby died a
   * moment ago, or is handing the game over, look for such games now rather
   * than at the next round, and take that one whatever this lobby's share,
   * so the player is served here instead of being sent on. A look already
   * under way may not have known of this game: the player waits for the
   * next one, which every player asking meanwhile shares.
   */
  async claimNow(game: string): Promise<void> {
    if (this.disposed) return;
    this.asked.add(game);
    await (this.claiming ? (this.nextClaim ??= this.claiming.then(() => {
      this.nextClaim = null;
      return this.claimRound();
    })) : this.claimRound());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.claimTimer);
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.changed.clear();
  }

  /**
   * Hands every game to another lobby: each room is stopped at a final
   * checkpoint, recorded and offered; once a peer has taken it, its players
   * are told `moved` with that lobby's URL. Games no peer takes within
   * `deadlineMs` are left to end as in a standalone shutdown. Resolves with
   * the number of games handed over.
   */
  async drain(deadlineMs: number): Promise<number> {
    this.dispose();
    const deadline = performance.now() + deadlineMs;
    const rooms = [...this.supervisor.all()];
    const targets = await this.spreadOverPeers(rooms.length);
    const handed = await Promise.all(rooms.map((room, index) => this.handOver(room, deadline, targets[index] ?? null)));
    return handed.filter(Boolean).length;
  }

  /**
   * Where a game this lobby is handing over goes: a player who asks for it
   * meanwhile (a rejoin that was on its way) is sent there once it is known.
   * Undefined for a game not being handed over.
   */
  handoverOf(name: string): Promise<string | null> | undefined {
    return this.handovers.get(name);
  }

  private async handOver(room: LobbyRoom, deadline: number, target: Peer | null): Promise<boolean> {
    let settle!: (url: string | null) => void;
    this.handovers.set(room.name, new Promise((resolve) => (settle = resolve)));
    let url: string | null = null;
    try {
      url = await this.handOverRoom(room, deadline, target);
      return url !== null;
    } finally {
      settle(url);
    }
  }

  /**
   * Hands one game over; the URL of the lobby that took it, or null. Its
   * players are sent to `target`, which is to take it (null: any lobby
   * takes it, and its players find it by themselves).
   */
  private async handOverRoom(room: LobbyRoom, deadline: number, target: Peer | null): Promise<string | null> {
    // Spectators follow the game as players do; they are sent `moved` and watch it there.
    const players = [...room.seats.values()].flatMap((seat) => (seat.session ? [seat.session] : []));
    const watchers = room.connected().filter((session) => room.isWatchedBy(session));
    const record = room.record();
    if (!record) return null;
    const pid = room.pid;
    this.draining.add(room);
    // Stopping makes the room send its final checkpoint, recorded by roomRecordChanged.
    this.supervisor.surrender(room, 'handed over to another lobby', RoomEndReason.HandedOver, () => {});
    await Promise.race([room.exited, sleepUntil(deadline)]);
    this.draining.delete(room);
    const final = room.record();
    const finalRecord = final && { ...final, seats: record.seats };
    try {
      if (!finalRecord || (await this.directory.saveRecord(room.name, room.generation, finalRecord)) === 'fenced') return null;
      await this.directory.handOver(room.name, room.generation, target?.lobbyId);
      // Players (and spectators) go at once to the game's target: their rejoin (or watch) there makes it take the game
      // (claimNow) without waiting for its next look for orphans, which cuts their pause.
      if (target !== null) {
        for (const session of players) {
          session.send({ type: 'moved', url: target.url, message: `game "${room.name}" moved to the lobby at ${target.url}; rejoin it there` });
        }
        for (const session of watchers) {
          session.send({ type: 'moved', url: target.url, message: `game "${room.name}" moved to the lobby at ${target.url}; watch it there` });
        }
      }
      const url = await this.newOwnerUrl(room.name, deadline);
      if (url === null) {
        // Nobody took it in time (every peer is full): it ends here, and leaves nothing behind.
        await this.directory.release(room.name);
        return null;
      }
      logEvent(this.options.logger, { event: 'game_handed_over', game: room.name, pid, url }, `game ${room.name} handed over to the lobby at ${url}`);
      return url;
    } catch (error) {
      this.errors.write({ event: 'cluster_error', err: error }, `could not hand game ${room.name} over: ${describeError(error)}`);
      return null;
    }
  }

  /**
   * Where each of `count` games handed over should go: every game to the
   * peer with the most room left once the games before it are placed, so
   * they spread over the peers as the peers' own looks for orphans share
   * them out. Null for a game no peer has room for, or when the directory
   * cannot say.
   */
  private async spreadOverPeers(count: number): Promise<(Peer | null)[]> {
    let peers: { peer: Peer; free: number }[];
    try {
      peers = (await this.directory.lobbies())
        .filter((lobby) => lobby.lobbyId !== this.directory.lobbyId)
        .map((lobby) => ({ peer: { lobbyId: lobby.lobbyId, url: lobby.url }, free: lobby.maxGames - lobby.games }));
    } catch (error) {
      this.errors.write({ event: 'cluster_error', err: error }, `could not list the other lobbies to hand games over to: ${describeError(error)}`);
      return [];
    }
    const targets: (Peer | null)[] = [];
    for (let index = 0; index < count; index++) {
      const roomiest = peers.reduce<{ peer: Peer; free: number } | null>((best, entry) => (entry.free > (best?.free ?? 0) ? entry : best), null);
      if (roomiest) roomiest.free -= 1;
      targets.push(roomiest?.peer ?? null);
    }
    return targets;
  }


  /** The URL of the lobby that took `name` over, once one has; null if none did by `deadline`. */
  private async newOwnerUrl(name: string, deadline: number): Promise<string | null> {
    while (performance.now() < deadline) {
      const entry = await this.directory.lookup(name);
      if (entry === null) return null;
      if (entry.lobbyId !== this.directory.lobbyId) return entry.lobbyUrl;
      await sleepUntil(Math.min(deadline, performance.now() + HANDOVER_POLL_MS));
    }
    return null;
  }

  private readonly roomRecordChanged = (room: LobbyRoom, change: RecordChange): void => {
    // A room stopping for any other reason (all left, idle) is no longer recorded.
    if (this.disposed || this.supervisor.room(room.name) !== room || this.draining.has(room)) return;
    this.changed.add(room);
    if (change === 'seats' && this.saving) this.seatsChangedWhileSaving = true;
    this.scheduleSave(change === 'seats');
  };

  private scheduleSave(now: boolean): void {
    if (this.saving || this.changed.size === 0) return;
    if (now) {
      clearTimeout(this.saveTimer);
      this.saveTimerOnFire();
    } else {
      this.saveTimer ??= setTimeout(this.saveTimerOnFire, RECORD_SAVE_DELAY_MS);
    }
  }

  /**
   * Saves every changed record in one directory call. One save at a time:
   * changes that come meanwhile wait for the next, so a slow directory gets
   * at most one save waiting, never a backlog.
   */
  private readonly saveTimerOnFire = (): void => {
    this.saveTimer = undefined;
    const rooms: LobbyRoom[] = [];
    const saves: RecordSave[] = [];
    for (const room of this.changed) {
      const record = room.record();
      if (!record || this.supervisor.room(room.name) !== room || this.draining.has(room)) continue;
      rooms.push(room);
      saves.push({ name: room.name, generation: room.generation, record });
    }
    this.changed.clear();
    if (saves.length === 0) return;
    this.saving = true;
    this.directory
      .saveRecords(saves)
      .then(
        (answers) => {
          answers.forEach((answer, index) => {
            if (answer === 'fenced') void this.lostToAnotherLobby(rooms[index]!);
          });
        },
        (error: unknown) => {
          const names = saves.length === 1 ? `game ${saves[0]!.name}` : `${saves.length} games`;
          this.errors.write({ event: 'cluster_error', err: error }, `could not record ${names}: ${describeError(error)}`);
        },
      )
      .finally(() => {
        this.saving = false;
        const seatsChanged = this.seatsChangedWhileSaving;
        this.seatsChangedWhileSaving = false;
        this.scheduleSave(seatsChanged);
      });
  };

  /**
   * Fencing: another lobby claimed this game (this one was cut off or paused
   * past its lease). The room here stops at once, and its players are sent
   * to the lobby that runs the game now.
   */
  private async lostToAnotherLobby(room: LobbyRoom): Promise<void> {
    if (this.supervisor.room(room.name) !== room) return;
    const entry = await this.directory.lookup(room.name).catch(() => null);
    const url = entry && entry.lobbyId !== this.directory.lobbyId ? entry.lobbyUrl : null;
    const tell = (session: ClientSession, watching: boolean): void => {
      const again = watching ? 'watch' : 'rejoin';
      if (url) session.send({ type: 'moved', url, message: `game "${room.name}" is now run by the lobby at ${url}; ${again} it there` });
      else session.sendError('GAME_CRASHED', `game "${room.name}" is no longer run by this lobby; you are back in the lobby`);
    };
    const pid = room.pid;
    this.supervisor.surrender(room, 'another lobby took the game over', RoomEndReason.TakenOver, tell);
    logEvent(
      this.options.logger,
      { event: 'game_lost', game: room.name, pid, url },
      `game ${room.name} stopped here: another lobby took the game over${url ? ` (${url})` : ''}`,
    );
  }

  private readonly claimOrphans = (): void => {
    if (this.claiming || this.disposed) return;
    void this.claimRound();
  };

  /**
   * Resolves once the look for orphans under way, if any, is over: between
   * its claim in the directory and the rooms' adoption here, a seat already
   * leads to this lobby but has no room yet.
   */
  claimsSettled(): Promise<void> {
    return this.claiming ?? Promise.resolve();
  }

  /** One look for games of lobbies that are gone (or handed over); the lobby adopts what it wins. Never rejects. */
  private claimRound(): Promise<void> {
    this.claiming ??= this.claimOnce().finally(() => {
      this.claiming = null;
    });
    return this.claiming;
  }

  private async claimOnce(): Promise<void> {
    const asked = [...this.asked];
    this.asked.clear();
    try {
      const lobbies = await this.directory.lobbies();
      this.peers = lobbies.filter((lobby) => lobby.lobbyId !== this.directory.lobbyId).map(({ lobbyId, url }) => ({ lobbyId, url }));
      const room = this.options.maxGames - this.supervisor.count;
      const claimed = room > 0 ? await this.directory.claimOrphans(room, asked) : [];
      for (const game of claimed) {
        if (this.disposed || this.supervisor.room(game.config.name)) continue;
        this.supervisor.adopt(game);
      }
    } catch (error) {
      this.errors.write({ event: 'cluster_error', err: error }, `could not look for games of lobbies that are gone: ${describeError(error)}`);
    }
  }
}

/** Another lobby of the cluster. */
interface Peer {
  readonly lobbyId: string;
  readonly url: string;
}

function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())));
}
