/** The parts of the page the game screen draws into (see web/index.html). */
export interface GameElements {
  readonly screen: HTMLElement;
  readonly arenaBox: HTMLElement;
  readonly arena: HTMLCanvasElement;
  /** Over the arena: the big countdown, the result of a round. */
  readonly overlay: HTMLElement;
  readonly status: HTMLElement;
  readonly message: HTMLElement;
  readonly help: HTMLElement;
  readonly leave: HTMLButtonElement;
}

/** The parts of the page the game list draws into. */
export interface ListElements {
  readonly screen: HTMLElement;
  readonly lobby: HTMLElement;
  readonly games: HTMLTableSectionElement;
  readonly empty: HTMLElement;
  readonly notice: HTMLElement;
  readonly createForm: HTMLFormElement;
  readonly seats: HTMLInputElement;
  readonly gameName: HTMLInputElement;
  /** Seats of the new game the room's bots play. */
  readonly bots: HTMLInputElement;
  readonly playerForm: HTMLFormElement;
  /** The player's name in the games it joins or creates. */
  readonly playerName: HTMLInputElement;
}

export interface PageElements {
  readonly game: GameElements;
  readonly list: ListElements;
}

/** Finds every part by id; a page without one is a broken build, said at once. */
export function findPageElements(document: Document): PageElements {
  const find = <T extends HTMLElement>(id: string, type: new () => T): T => {
    const element = document.getElementById(id);
    if (!(element instanceof type)) throw new Error(`the page has no ${type.name} with id "${id}"`);
    return element;
  };
  return {
    game: {
      screen: find('game-screen', HTMLElement),
      arenaBox: find('arena-box', HTMLElement),
      arena: find('arena', HTMLCanvasElement),
      overlay: find('arena-overlay', HTMLElement),
      status: find('status-line', HTMLElement),
      message: find('message-line', HTMLElement),
      help: find('key-help', HTMLElement),
      leave: find('leave-game', HTMLButtonElement),
    },
    list: {
      screen: find('list-screen', HTMLElement),
      lobby: find('lobby-address', HTMLElement),
      games: find('game-rows', HTMLTableSectionElement),
      empty: find('no-games', HTMLElement),
      notice: find('list-notice', HTMLElement),
      createForm: find('create-form', HTMLFormElement),
      seats: find('create-seats', HTMLInputElement),
      gameName: find('create-name', HTMLInputElement),
      bots: find('create-bots', HTMLInputElement),
      playerForm: find('player-form', HTMLFormElement),
      playerName: find('player-name', HTMLInputElement),
    },
  };
}
