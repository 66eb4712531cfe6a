import type { Outcome } from '../shared/client/outcome.js';
import type { PlayTarget } from '../shared/client/play-target.js';
import { RECONNECT_WINDOW_MS } from '../shared/client/reconnect-schedule.js';
import { GameSession } from './game-session.js';
import { GameLister } from './game-lister.js';
import type { PressedKey } from './keyboard.js';
import { ListScreen } from './list-screen.js';
import type { PageElements } from './page-elements.js';
import type { SeatMemory } from './seat-memory.js';
import { pageMessage } from './status-line.js';

/**
 * The whole page, as the terminal's `vimtron play` without a game named:
 * the game list first, kept live; a game picked (joined or created) takes
 * the page until the player leaves it or it ends, and then the list comes
 * back with a word on how the game ended.
 */
export class WebApp {
  private session: GameSession | null = null;
  private readonly list: ListScreen;
  private readonly lister: GameLister;

  constructor(
    private readonly url: string,
    private readonly elements: PageElements,
    private readonly seats: SeatMemory,
  ) {
    this.list = new ListScreen(elements.list, (target) => this.play(target));
    this.lister = new GameLister(url, {
      games: (games) => this.list.setGames(games),
      problem: (text) => this.list.setProblem(text),
      notice: (text) => this.list.setNotice(text),
    });
    elements.list.lobby.textContent = url;
    elements.game.leave.addEventListener('click', () => void this.session?.finish({ exitCode: 0 }));
  }

  /** Shows the list; or, after a reload of a page that held a seat, takes that seat back first. */
  start(): void {
    const seat = this.seats.takeBack(this.url, Date.now(), RECONNECT_WINDOW_MS);
    if (seat === null) this.showList(null);
    else this.play({ action: 'rejoin', name: seat.game, token: seat.token });
  }

  /** Every key of the page comes here first; returns true when the page used it. */
  pressKey(pressed: PressedKey, typingInAField: boolean): boolean {
    if (this.session) return this.session.pressKey(pressed);
    return typingInAField ? false : this.list.pressKey(pressed);
  }

  private play(target: PlayTarget): void {
    if (this.session) return;
    void this.lister.stop();
    this.list.hide();
    this.elements.game.screen.hidden = false;
    this.session = new GameSession({ url: this.url, target, elements: this.elements.game, seats: this.seats, ended: this.sessionOnEnded });
    this.session.start();
  }

  private readonly sessionOnEnded = (outcome: Outcome): void => {
    this.session = null;
    this.elements.game.screen.hidden = true;
    this.showList(outcome.message === undefined ? (outcome.exitCode === 0 ? 'you left the game' : null) : pageMessage(outcome.message));
  };

  private showList(notice: string | null): void {
    this.list.show(notice);
    this.lister.start();
  }
}
