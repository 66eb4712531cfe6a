import type { PlayTarget } from '../shared/client/play-target.js';
import { normalizeGameName } from '../shared/protocol/game-name.js';
import { normalizePlayerName } from '../shared/protocol/player-name.js';
import type { GameSummary } from '../shared/protocol/server-messages.js';
import { MAX_SEATS, MIN_SEATS } from '../shared/rules/constants.js';

/**
 * The game list as data: the games last listed and which one is selected.
 * Pure and DOM-free, so that it is tested in Node; web/list-screen.ts draws it.
 */
export interface ListState {
  /** Null until the lobby first answers. */
  readonly games: readonly GameSummary[] | null;
  /** The selected game's name: it stays selected when the list changes around it. */
  readonly selected: string | null;
}

export const initialListState: ListState = { games: null, selected: null };

/** A new list from the lobby, sorted by name; the selection follows its game, or moves to the nearest row if that game is gone. */
export function withGames(state: ListState, listed: readonly GameSummary[]): ListState {
  const games = [...listed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let selected = state.selected;
  if (selected === null || !games.some((game) => game.name === selected)) {
    const oldIndex = state.games?.findIndex((game) => game.name === selected) ?? -1;
    selected = games[Math.min(Math.max(oldIndex, 0), games.length - 1)]?.name ?? null;
  }
  return { games, selected };
}

/** The row of the selected game, or -1. */
export function selectedIndex(state: ListState): number {
  return state.games?.findIndex((game) => game.name === state.selected) ?? -1;
}

/** The selection moved to row `index`, kept inside the list. */
export function selectRow(state: ListState, index: number): ListState {
  const games = state.games ?? [];
  return { ...state, selected: games[Math.min(Math.max(index, 0), games.length - 1)]?.name ?? null };
}

/**
 * Whether `join` can succeed as far as the list knows: a free seat between
 * rounds, or a seat a bot holds while no round runs (the newcomer takes the
 * bot's seat). The list may be a second old; the lobby has the last word.
 */
export function canJoin(game: GameSummary): boolean {
  const free = game.players + game.bots < game.maxPlayers;
  if (free && (game.phase === 'waiting' || game.phase === 'finished')) return true;
  return game.bots > 0 && game.phase !== 'running';
}

/**
 * The player's name as typed in the page, checked by the rules the lobby
 * applies; none when empty (the lobby then names the player `player-N`).
 */
export function playerNameOf(text: string): { readonly playerName: string | undefined } | { readonly problem: string } {
  if (text.trim() === '') return { playerName: undefined };
  const named = normalizePlayerName(text, 'your name');
  return 'error' in named ? { problem: named.error } : { playerName: named.name };
}

/** Joining `name` as the player named in the page; or what is wrong with that name. */
export function joinTarget(name: string, playerText: string): { readonly target: PlayTarget } | { readonly problem: string } {
  const player = playerNameOf(playerText);
  if ('problem' in player) return player;
  return { target: { action: 'join', name, ...withPlayerName(player.playerName) } };
}

/**
 * What the create form asks for, checked as the lobby will check it; or
 * what is wrong. `botsText`: how many of the seats the room's bots play
 * (empty or 0: none; at most one fewer than the seats, since the creator
 * takes one).
 */
export function createTarget(
  seatsText: string,
  nameText: string,
  playerText = '',
  botsText = '',
): { readonly target: PlayTarget } | { readonly problem: string } {
  const seats = Number(seatsText);
  if (seatsText.trim() === '' || !Number.isInteger(seats) || seats < MIN_SEATS || seats > MAX_SEATS) {
    return { problem: `seats must be a number from ${MIN_SEATS} to ${MAX_SEATS}` };
  }
  const bots = botsText.trim() === '' ? 0 : Number(botsText);
  if (!Number.isInteger(bots) || bots < 0 || bots > seats - 1) {
    return { problem: `bots must be a number from 0 to ${seats - 1}, one fewer than seats: you take a seat` };
  }
  const player = playerNameOf(playerText);
  if ('problem' in player) return player;
  const extras = { ...withPlayerName(player.playerName), ...(bots > 0 ? { bots } : {}) };
  if (nameText.trim() === '') return { target: { action: 'create', players: seats, ...extras } };
  const named = normalizeGameName(nameText);
  if ('error' in named) return { problem: `the game ${named.error}` };
  return { target: { action: 'create', players: seats, name: named.name, ...extras } };
}

function withPlayerName(playerName: string | undefined): { readonly playerName?: string } {
  return playerName === undefined ? {} : { playerName };
}
