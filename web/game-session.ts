import { applyState, countdownSeconds, opponentsWhoLeft, seatedPlayers, viewFromSnapshot, type GameView } from '../shared/client/game-view.js';
import { LobbyLink, type GameMessage, type LobbyLinkEvents, type ReconnectStatus } from '../shared/client/lobby-link.js';
import type { Outcome } from '../shared/client/outcome.js';
import type { PlayTarget } from '../shared/client/play-target.js';
import { RECONNECT_WINDOW_MS } from '../shared/client/reconnect-schedule.js';
import { ErrorCode } from '../shared/protocol/error-codes.js';
import { paintArena } from './arena-painter.js';
import { connectInBrowser } from './browser-connection.js';
import type { GameElements } from './page-elements.js';
import type { SeatMemory } from './seat-memory.js';
import { gameKeyAction, type PressedKey } from './keyboard.js';
import { playerColour } from './player-colours.js';
import { hintText, pageMessage, readyIgnored, reconnectLine, statusSegments, winnerSegment, type Viewer } from './status-line.js';

/** How long an error from the lobby stays on the message line. */
const NOTICE_MS = 4000;
/** Cells are drawn at least this big (CSS pixels), however small the window: the page scrolls instead. */
const MIN_CELL_PIXELS = 4;
/** ...and at most this big, so that a small arena does not fill a large screen with a few giant squares. */
const MAX_CELL_PIXELS = 28;

export interface GameSessionOptions {
  /** The lobby's WebSocket URL. */
  readonly url: string;
  readonly target: PlayTarget;
  readonly elements: GameElements;
  /** Where the seat's token is kept so that a reload of the page takes the seat back. */
  readonly seats: SeatMemory;
  /** The player is out of the game: left, refused, or the seat could not be taken back. */
  readonly ended: (outcome: Outcome) => void;
}

/** joining: no seat yet. playing: seated (through reconnects too). done: over, everything released. */
type Stage = 'joining' | 'playing' | 'done';

/**
 * One game in the page, as `vimtron play` has it in a terminal: a LobbyLink
 * holds the seat across connections (rejoining with the seat token after a
 * drop, following `redirect` and `moved`), the arena is painted on a canvas
 * at every frame, the status and message lines say what goes on, and the
 * keys steer. `finish()` is the one way out and releases everything.
 */
export class GameSession {
  private stage: Stage = 'joining';
  private readonly link: LobbyLink;
  private viewer: Viewer;
  /** Spectators of the game, as the lobby last said (`watchers`). */
  private watchers = 0;
  private gameName: string;
  private view: GameView | null = null;
  /** An error from the lobby, for a few seconds. */
  private notice: string | null = null;
  /** The latest news of another player (joined, left, dropped, back), for a few seconds. */
  private news: string | null = null;
  /** The opponents whose leaving ended the round just finished in your favour; empty otherwise. */
  private leavers: readonly number[] = [];
  private reconnect: ReconnectStatus | null = null;
  private help = false;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private newsTimer: ReturnType<typeof setTimeout> | undefined;
  private paintRequest = 0;
  /** The seat token of the seat held, for the seat memory. */
  private token: string | null = null;

  constructor(private readonly options: GameSessionOptions) {
    this.gameName = options.target.name ?? 'new game';
    this.viewer = options.target.action === 'watch' ? { kind: 'spectator' } : { kind: 'player', number: 0 };
    this.link = new LobbyLink({
      url: options.url,
      target: options.target,
      reconnectWindowMs: RECONNECT_WINDOW_MS,
      events: this.linkEvents,
      connect: connectInBrowser,
    });
  }

  start(): void {
    const { elements } = this.options;
    elements.help.hidden = true;
    elements.overlay.textContent = '';
    window.addEventListener('resize', this.windowOnResize);
    window.addEventListener('pagehide', this.windowOnPageHide);
    this.render();
    this.link.start();
  }

  /** A key pressed while the game is on screen; true when the game used it (the page then keeps it from the browser). */
  pressKey(pressed: PressedKey): boolean {
    const action = gameKeyAction(pressed);
    if (action === null || this.stage === 'done') return false;
    switch (action.kind) {
      case 'game':
        // Dropped, not kept for later: right after a round, i is a late INSERT rather than a vote for a rematch.
        if (action.key === 'i' && readyIgnored(this.view)) return true;
        if (this.viewer.kind === 'player') this.link.sendKey(action.key);
        return true;
      case 'leave':
        this.finish({ exitCode: 0 });
        return true;
      case 'help':
        this.help = !this.help;
        this.render();
        return true;
    }
  }

  /** Leaves the game (giving the seat up) and releases everything; resolves once the connection is closed. */
  finish(outcome: Outcome): Promise<void> {
    if (this.stage !== 'done') {
      this.stage = 'done';
      clearTimeout(this.noticeTimer);
      clearTimeout(this.newsTimer);
      cancelAnimationFrame(this.paintRequest);
      window.removeEventListener('resize', this.windowOnResize);
      window.removeEventListener('pagehide', this.windowOnPageHide);
      this.options.seats.forget();
      this.options.ended(outcome);
    }
    return this.link.close();
  }

  private readonly linkEvents: LobbyLinkEvents = {
    connected: () => {},
    seated: (message, resumed) => {
      this.gameName = message.game.name;
      // A spectator has no seat, so no token to keep for a reload.
      if (message.type === 'joined') {
        this.viewer = { kind: 'player', number: message.player.number };
        this.token = message.token ?? null;
        this.rememberSeat();
      }
      this.stage = 'playing';
      this.reconnect = null;
      // After a reconnect the snapshot that follows replaces the picture; until then the last one stays.
      if (resumed) this.showNotice('reconnected');
      else this.render();
    },
    game: (message) => {
      (this.gameHandlers[message.type] as (message: GameMessage) => void)(message);
    },
    malformed: (problem) => this.showNotice(`ignored a message from the lobby: ${problem}`),
    reconnecting: (status) => {
      this.reconnect = status;
      this.render();
    },
    ended: (outcome) => void this.finish(outcome),
  };

  private readonly gameHandlers: {
    readonly [T in GameMessage['type']]: (message: Extract<GameMessage, { type: T }>) => void;
  } = {
    snapshot: (message) => this.show(viewFromSnapshot(message)),
    state: (message) => {
      // A state before any snapshot has nothing to apply to; the snapshot follows `joined` at once.
      if (this.view !== null) this.show(applyState(this.view, message));
    },
    notice: (message) => {
      // The lobby's own sentence: `bo dropped — seat held 30 s`.
      this.news = message.message;
      clearTimeout(this.newsTimer);
      this.newsTimer = setTimeout(() => {
        this.news = null;
        this.render();
      }, NOTICE_MS);
      this.render();
    },
    error: (message) => {
      if (message.code === ErrorCode.GameCrashed) void this.finish({ exitCode: 1, message: message.message });
      else this.showNotice(`${message.code}: ${message.message}`);
    },
    left: (message) => {
      void this.finish({ exitCode: 1, message: message.reason ?? `you are no longer in game ${this.gameName}` });
    },
    resuming: (message) => this.showNotice(message.message),
    watchers: (message) => {
      this.watchers = message.count;
      this.render();
    },
  };

  private readonly windowOnResize = (): void => this.render();

  /** The page goes away (reload, navigation, tab closed): the seat is held from now; a reload takes it back. */
  private readonly windowOnPageHide = (): void => this.rememberSeat();

  private rememberSeat(): void {
    if (this.token !== null && this.stage === 'playing') {
      this.options.seats.remember({ url: this.options.url, game: this.gameName, token: this.token, at: Date.now() });
    }
  }

  /** A new picture of the game; a round that ended because the opponents left is remembered until the next one. */
  private show(view: GameView): void {
    const me = this.viewer.kind === 'player' ? this.viewer.number : 0;
    if (view.phase !== 'finished') this.leavers = [];
    else if (this.view !== null && this.view.phase !== 'finished') this.leavers = opponentsWhoLeft(this.view, view, me);
    this.view = view;
    this.render();
  }

  private showNotice(text: string): void {
    this.notice = text;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice = null;
      this.render();
    }, NOTICE_MS);
    this.render();
  }

  /** Repaints at the next animation frame: several messages in one frame paint once. */
  private render(): void {
    if (this.stage === 'done' || this.paintRequest !== 0) return;
    this.paintRequest = requestAnimationFrame(() => {
      this.paintRequest = 0;
      if (this.stage !== 'done') this.paint();
    });
  }

  private paint(): void {
    const { elements } = this.options;
    const { view, viewer } = this;
    elements.help.hidden = !this.help;
    const me = viewer.kind === 'player' ? viewer.number : 0;
    if (view === null) {
      elements.arena.hidden = true;
      elements.status.replaceChildren();
      elements.overlay.textContent = '';
      const joining = viewer.kind === 'spectator' ? 'watching' : 'joining';
      elements.message.textContent = this.reconnect ? reconnectLine(this.reconnect) : `${joining} game ${this.gameName}...`;
      elements.message.className = this.reconnect ? 'connection' : '';
      return;
    }
    elements.arena.hidden = false;
    const cell = this.sizeCanvas(view);
    const context = elements.arena.getContext('2d');
    if (context) paintArena(context, view, me, cell);
    elements.arena.dataset.tick = String(view.tick);
    this.paintOverlay(view, me);
    elements.status.replaceChildren(
      ...statusSegments(view, viewer, this.gameName, this.leavers, this.watchers).map((segment) => {
        const span = document.createElement('span');
        span.textContent = segment.text;
        if (segment.seat !== undefined) span.style.color = playerColour(segment.seat);
        if (segment.strong) span.className = 'strong';
        return span;
      }),
    );
    if (this.reconnect !== null) {
      elements.message.textContent = reconnectLine(this.reconnect);
      elements.message.className = 'connection';
    } else if (this.notice !== null) {
      elements.message.textContent = pageMessage(this.notice);
      elements.message.className = 'notice';
    } else if (this.news !== null) {
      elements.message.textContent = this.news;
      elements.message.className = 'news';
    } else {
      elements.message.textContent = hintText(view, viewer);
      elements.message.className = '';
    }
  }

  /** The big countdown (3, 2, 1), and between rounds the result with the scores (who won how often), over the arena. */
  private paintOverlay(view: GameView, me: number): void {
    const { overlay } = this.options.elements;
    if (view.phase === 'countdown') {
      overlay.textContent = String(countdownSeconds(view));
      overlay.className = 'countdown';
    } else if (view.phase === 'finished') {
      const result = winnerSegment(view, me, this.leavers);
      const banner = document.createElement('p');
      banner.className = 'result';
      banner.textContent = result.text;
      if (result.seat !== undefined) banner.style.color = playerColour(result.seat);
      overlay.replaceChildren(banner, ...scoreTable(view, me));
      overlay.className = 'finished';
    } else {
      overlay.textContent = '';
      overlay.className = '';
    }
  }

  /**
   * Fits the canvas to the room the page has for it, in whole CSS pixels per
   * cell, and backs it with device pixels so that it stays sharp. Returns
   * the device pixels per cell.
   */
  private sizeCanvas(view: GameView): number {
    const { arena, arenaBox, screen } = this.options.elements;
    // The page's column, not the game screen, which is only as wide as the arena.
    const column = screen.parentElement ?? document.body;
    const padding = getComputedStyle(column);
    const roomWidth = Math.max(column.clientWidth - parseFloat(padding.paddingLeft) - parseFloat(padding.paddingRight), 1);
    // Leaves the status and message lines in view under the arena.
    const roomHeight = Math.max(window.innerHeight - arenaBox.getBoundingClientRect().top - 96, 1);
    const cssCell = Math.min(MAX_CELL_PIXELS, Math.max(MIN_CELL_PIXELS, Math.floor(Math.min(roomWidth / view.width, roomHeight / view.height))));
    const cell = Math.max(1, Math.round(cssCell * (window.devicePixelRatio || 1)));
    const width = view.width * cell;
    const height = view.height * cell;
    if (arena.width !== width || arena.height !== height) {
      arena.width = width;
      arena.height = height;
      arena.style.width = `${view.width * cssCell}px`;
      arena.style.height = `${view.height * cssCell}px`;
    }
    return cell;
  }
}

/** The scores of the seated players (colour, name, wins, crashes), your own row in bold; nothing before a name is known. */
function scoreTable(view: GameView, me: number): HTMLTableElement[] {
  const players = seatedPlayers(view);
  if (players.length === 0) return [];
  const table = document.createElement('table');
  table.className = 'scores';
  const head = table.createTHead().insertRow();
  for (const title of ['player', 'wins', 'crashes']) {
    const cell = document.createElement('th');
    cell.textContent = title;
    head.append(cell);
  }
  const body = table.createTBody();
  for (const seat of players) {
    const row = body.insertRow();
    row.dataset.seat = String(seat.number);
    if (seat.number === me) row.className = 'mine';
    const name = row.insertCell();
    name.textContent = `● ${seat.name ?? `player ${seat.number}`}`;
    name.style.color = playerColour(seat.number);
    row.insertCell().textContent = String(seat.wins);
    row.insertCell().textContent = String(seat.crashes);
  }
  return [table];
}
