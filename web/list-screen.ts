import type { PlayTarget } from '../shared/client/play-target.js';
import { seatsText } from '../shared/client/seats-text.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { canJoin, createTarget, initialListState, joinTarget, playerNameOf, selectedIndex, selectRow, withGames, type ListState } from './game-list.js';
import { listKeyAction, type PressedKey } from './keyboard.js';
import type { ListElements } from './page-elements.js';

/** Where the page keeps the player's name between visits. */
const PLAYER_NAME_KEY = 'vimtron.playerName';

/**
 * The game browser in the page: the player's name, the lobby's games as a
 * table, kept live, with buttons to join or watch each, and the create
 * form. The keys are the terminal browser's (`j`/`k`, Enter, `w`, `c`).
 * Asks `play` for a game picked.
 */
export class ListScreen {
  private state: ListState = initialListState;
  private problem: string | null = null;
  private notice: string | null = null;

  constructor(
    private readonly elements: ListElements,
    private readonly play: (target: PlayTarget) => void,
  ) {
    elements.createForm.addEventListener('submit', this.createFormOnSubmit);
    elements.playerForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.elements.playerName.blur();
    });
    elements.playerName.value = storedPlayerName();
    elements.playerName.addEventListener('change', this.playerNameOnChange);
  }

  show(notice: string | null): void {
    this.notice = notice;
    this.elements.screen.hidden = false;
    this.render();
  }

  hide(): void {
    this.elements.screen.hidden = true;
  }

  setGames(games: readonly GameSummary[]): void {
    this.state = withGames(this.state, games);
    this.render();
  }

  /** Why the list is not fresh (the lobby is unreachable), or null. */
  setProblem(text: string | null): void {
    this.problem = text;
    this.render();
  }

  setNotice(text: string | null): void {
    this.notice = text;
    this.render();
  }

  /** A key pressed while the list is on screen and no form field has the focus; true when used. */
  pressKey(pressed: PressedKey): boolean {
    const action = listKeyAction(pressed);
    if (action === null) return false;
    const games = this.state.games ?? [];
    switch (action.kind) {
      case 'move':
        this.state = selectRow(this.state, selectedIndex(this.state) + action.by);
        break;
      case 'first':
        this.state = selectRow(this.state, 0);
        break;
      case 'last':
        this.state = selectRow(this.state, games.length - 1);
        break;
      case 'join':
        if (this.state.selected !== null) this.join(this.state.selected);
        return true;
      case 'watch':
        if (this.state.selected !== null) this.play({ action: 'watch', name: this.state.selected });
        return true;
      case 'create':
        this.elements.gameName.focus();
        return true;
    }
    this.render();
    return true;
  }

  private join(name: string): void {
    const made = joinTarget(name, this.elements.playerName.value);
    if ('problem' in made) this.setNotice(made.problem);
    else this.play(made.target);
  }

  /** The name is kept for the next visit once it is one the lobby takes. */
  private readonly playerNameOnChange = (): void => {
    const checked = playerNameOf(this.elements.playerName.value);
    if ('problem' in checked) {
      this.setNotice(checked.problem);
      return;
    }
    this.setNotice(null);
    try {
      if (checked.playerName === undefined) localStorage.removeItem(PLAYER_NAME_KEY);
      else localStorage.setItem(PLAYER_NAME_KEY, checked.playerName);
    } catch {
      // Storage may be off (private windows, policies): the name then lasts as long as the page.
    }
  };

  private readonly createFormOnSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const made = createTarget(this.elements.seats.value, this.elements.gameName.value, this.elements.playerName.value, this.elements.bots.value);
    if ('problem' in made) {
      this.setNotice(made.problem);
      return;
    }
    // The keys go to the game from here on, not to the form.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    this.play(made.target);
  };

  private render(): void {
    const { elements } = this;
    const games = this.state.games;
    elements.notice.textContent = this.problem ?? this.notice ?? '';
    elements.notice.className = this.problem !== null ? 'connection' : 'notice';
    if (games === null) {
      elements.empty.textContent = 'asking the lobby for its games...';
      elements.empty.hidden = false;
      elements.games.replaceChildren();
      return;
    }
    elements.empty.textContent = 'no games yet: create one';
    elements.empty.hidden = games.length > 0;
    const selected = selectedIndex(this.state);
    elements.games.replaceChildren(...games.map((game, index) => this.row(game, index === selected)));
  }

  private row(game: GameSummary, selected: boolean): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.game = game.name;
    if (selected) row.className = 'selected';
    const cells = [game.name, seatsText(game.players, game.bots, game.maxPlayers), game.phase, `${game.width}×${game.height}`, game.playerNames.join(', ')];
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const actions = document.createElement('td');
    const join = document.createElement('button');
    join.type = 'button';
    join.textContent = 'join';
    join.className = 'join';
    join.disabled = !canJoin(game);
    join.title = join.disabled ? 'no seat to take right now: every seat is a person\'s, or a round is running' : `join game ${game.name}`;
    join.addEventListener('click', () => this.join(game.name));
    const watch = document.createElement('button');
    watch.type = 'button';
    watch.textContent = 'watch';
    watch.className = 'watch';
    watch.title = `watch game ${game.name} without taking a seat`;
    watch.addEventListener('click', () => this.play({ action: 'watch', name: game.name }));
    actions.append(join, ' ', watch);
    row.append(actions);
    row.addEventListener('click', () => {
      this.state = { ...this.state, selected: game.name };
      this.render();
    });
    return row;
  }
}

function storedPlayerName(): string {
  try {
    return localStorage.getItem(PLAYER_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}
