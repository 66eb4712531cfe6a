'use strict';

/**
 * Artillery processor for the vimtron scenarios: the steps that need to read past the next
 * frame (see docs/protocol.md for every message used here).
 *
 * Artillery's ws engine (@artilleryio/int-core 2.16, shipped with artillery 2.0.21) checks a
 * `capture` / `match` against the *next* frame received, whatever it is. That is exact in the
 * lobby, which speaks only when spoken to, but once seated a game sends a frame every 100 ms,
 * so the answer to `leave` or the first frame of a running round cannot be matched that way.
 * These steps wait for a message of a given type, skipping game frames, with a deadline.
 *
 * Each step is an async function: artillery fails the virtual user when it rejects (a plain
 * callback-style function step cannot fail one, its error argument is ignored).
 */

const { randomBytes } = require('node:crypto');

/** Longest wait for an answer of the lobby. */
const ANSWER_TIMEOUT_MS = 5000;
/** Join attempts of one duel player before it creates a game of its own. */
const JOIN_ATTEMPTS = 4;
/** Default longest wait for a round to start (a duel host waits for its opponent here). */
const ROUND_WAIT_SECONDS = 10;

/** Errors of `join` that mean "someone else took that seat first": look again. */
const JOIN_RACE_CODES = new Set(['GAME_FULL', 'GAME_IN_PROGRESS', 'GAME_NOT_FOUND']);

/**
 * Creates a 2-seat game named `{{ duelPrefix }}…` or joins one that has a free seat, so that
 * virtual users pair up by themselves through the lobby: the first of two creates, the second
 * finds it in `games` and joins. Sets `game`, `seat` and `role` (`host` or `guest`).
 */
async function findOrCreateDuel(context, events) {
  const prefix = String(context.vars.duelPrefix ?? 'art-duel-');
  for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
    const games = await request(context, events, { type: 'list' }, (m) => m.type === 'games');
    const open = games.games.filter(
      (g) =>
        g.name.startsWith(prefix) &&
        g.players < g.maxPlayers &&
        (g.phase === 'waiting' || g.phase === 'finished'),
    );
    if (open.length === 0) break;
    const name = open[Math.floor(Math.random() * open.length)].name;
    const answer = await request(context, events, { type: 'join', name }, isSeatAnswer);
    if (answer.type === 'joined') {
      seat(context, events, answer, 'guest');
      return;
    }
    if (!JOIN_RACE_CODES.has(answer.code)) throw lobbyError('join', answer);
    events.emit('counter', `vimtron.join_refused.${answer.code}`, 1);
  }
  // 24 characters at most: the prefix and 10 random ones.
  const name = prefix + randomBytes(8).toString('hex').slice(0, 10);
  const answer = await request(context, events, { type: 'create', players: 2, name }, isSeatAnswer);
  if (answer.type !== 'joined') throw lobbyError('create', answer);
  seat(context, events, answer, 'host');
}

/**
 * Waits until the game's round is running (a frame with `phase: "running"`), at most
 * `roundWaitSeconds` (default 10). Counts `vimtron.rounds_started` or
 * `vimtron.rounds_not_started`; a round that does not start is not a failure (a duel host
 * whose opponent never came), so that the keys that follow are pressed either way.
 */
async function awaitRound(context, events) {
  const seconds = Number(context.vars.roundWaitSeconds ?? ROUND_WAIT_SECONDS);
  const frame = await nextMessage(
    context.ws,
    (m) => m.type === 'left' || m.type === 'error' || (isGameFrame(m) && m.phase === 'running'),
    seconds * 1000,
  ).catch((error) => {
    if (error instanceof TimeoutError) return undefined;
    throw error;
  });
  if (frame !== undefined && (frame.type === 'left' || frame.type === 'error')) {
    throw lobbyError('awaiting the round', frame);
  }
  const counter = frame === undefined ? 'vimtron.rounds_not_started' : 'vimtron.rounds_started';
  events.emit('counter', counter, 1);
}

/** Sends `leave` and waits for `left`, skipping the game frames still on their way. */
async function leaveGame(context, events) {
  const answer = await request(
    context,
    events,
    { type: 'leave' },
    (m) => m.type === 'left' || m.type === 'error',
  );
  if (answer.type !== 'left') throw lobbyError('leave', answer);
  events.emit('counter', 'vimtron.left', 1);
}

function seat(context, events, joined, role) {
  context.vars.game = joined.game.name;
  context.vars.seat = joined.player.number;
  context.vars.role = role;
  events.emit('counter', `vimtron.duel.${role}`, 1);
}

function isSeatAnswer(message) {
  return message.type === 'joined' || message.type === 'error';
}

function isGameFrame(message) {
  return message.type === 'state' || message.type === 'snapshot';
}

/** Sends `message` and resolves with the first message received that `accept` takes. */
function request(context, events, message, accept) {
  const answer = nextMessage(context.ws, accept, ANSWER_TIMEOUT_MS);
  context.ws.send(JSON.stringify(message));
  events.emit('counter', 'websocket.messages_sent', 1);
  return answer;
}

/**
 * Resolves with the first message `accept` takes, within `timeoutMs`. Rejects with a
 * TimeoutError after that, or if the connection closes first.
 */
function nextMessage(ws, accept, timeoutMs) {
  // The engine's own capture/match handler may still sit on `onmessage` after a send step that
  // had one; it would take our frames and call back its step a second time ("Callback was
  // already called"). The engine clears it the same way at the start of a send without one.
  ws.onmessage = undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new TimeoutError(`no awaited message within ${timeoutMs} ms`));
    }, timeoutMs);
    function dispose() {
      clearTimeout(timer);
      ws.removeListener('message', socketOnMessage);
      ws.removeListener('close', socketOnClose);
    }
    function socketOnMessage(data) {
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (!accept(message)) return;
      dispose();
      resolve(message);
    }
    function socketOnClose(code) {
      dispose();
      reject(new Error(`connection closed with code ${code} while awaiting a message`));
    }
    ws.on('message', socketOnMessage);
    ws.on('close', socketOnClose);
  });
}

class TimeoutError extends Error {}

function lobbyError(step, message) {
  const detail =
    message.type === 'error' ? `${message.code}: ${message.message}` : JSON.stringify(message);
  return new Error(`${step}: the lobby answered ${detail}`);
}

module.exports = { findOrCreateDuel, awaitRound, leaveGame };
