import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Chaos, fuzzSeed } from './helpers/chaos.js';
import { fuzzRequest, halfSentPrefix, type FuzzRequest, type Surface } from './helpers/fuzz-requests.js';
import { useLobbies } from './helpers/lobby-harness.js';
import { exchange, HalfSentRequest, type Exchange } from './helpers/raw-http.js';
import { closeCodeOf, encodeFrame, Opcode, RawWebSocket, upgradeRequest, type ReceivedFrame } from './helpers/raw-websocket.js';
import type { TestClient } from './helpers/test-client.js';

/** Paths the lobby answers over plain HTTP; every other path is 404. */
const KNOWN_PATHS = ['/'] as const;
/** Where a WebSocket connects. */
const WEBSOCKET_PATH = '/';

/**
 * Each kind of traffic comes from its own loopback address (Linux routes all
 * of 127/8 to loopback), so the per-address limits judge them apart.
 */
const FROM = { requests: '127.0.0.2', halfSent: '127.0.0.3', frames: '127.0.0.4' } as const;
const MAX_CONNECTIONS_PER_ADDRESS = 64;

const SEED = fuzzSeed(20261123);
const REQUESTS = 2000;
const REQUEST_CONCURRENCY = 12;
/**
 * Requests are paced to about half a core (client and lobby share this
 * process), so rooms of a test file running alongside are not starved.
 */
const REQUESTS_PER_SECOND = 300;
const MUTATED_SHARE = 0.25;
const HALF_SENT = 200;
const FRAME_ROUNDS = 2;
const FRAME_CONCURRENCY = 4;
/**
 * A complete request gets its answer, and an upgraded connection its `games`,
 * within milliseconds; this leaves room for a loaded 2-core machine.
 */
const ANSWER_DEADLINE_MS = 3000;
/** A damaged request may legitimately stay unanswered (its head never ends), so it is not waited on long. */
const DAMAGED_DEADLINE_MS = 400;
/** Descriptors the process may open for itself meanwhile (timers, pipes of its own). */
const FD_SLACK = 10;

const startLobby = useLobbies();

describe('lobby HTTP and upgrade surface under fuzzing', () => {
  it('answers thousands of raw, malformed and half-sent requests and control-frame floods correctly, without dying, while two honest games keep their cadence', async () => {
    const uncaught = recordUncaught();
    const halfSent: HalfSentRequest[] = [];
    const frameSockets: RawWebSocket[] = [];
    try {
      const { lobby, log, connect } = await startLobby({
        maxGames: 8,
        maxConnectionsPerAddress: MAX_CONNECTIONS_PER_ADDRESS,
        // Longer than the fuzz, so that the per-address cap, not the header timeout, is what bounds the half-sent requests.
        headersTimeoutMs: 30_000,
        requestTimeoutMs: 30_000,
        rateBurst: 500,
        ratePerSecond: 2000,
      });
      const surface: Surface = { knownPaths: KNOWN_PATHS, websocketPath: WEBSOCKET_PATH };
      const honest: TestClient[] = [];
      for (const name of ['honest-a', 'honest-b']) {
        const creator = await connect();
        const joiner = await connect();
        honest.push(creator, joiner);
        await creator.request({ type: 'create', players: 2, name });
        await joiner.request({ type: 'join', name });
        creator.send({ type: 'key', key: 'i' });
        joiner.send({ type: 'key', key: 'i' });
      }
      const honestPids = [lobby.roomPid('honest-a'), lobby.roomPid('honest-b')];
      await Promise.all([honest[0]!.next('state'), honest[2]!.next('state')]);
      const watchers = [watchTicks(honest[0]!), watchTicks(honest[2]!)];
      const descriptorsBefore = openDescriptors();
      const chaos = new Chaos(SEED);

      for (let index = 0; index < HALF_SENT; index++) {
        halfSent.push(new HalfSentRequest(lobby.port, FROM.halfSent, halfSentPrefix(chaos, surface, lobby.port)));
      }
      const requests = Array.from({ length: REQUESTS }, () => fuzzRequest(chaos, surface, lobby.port, MUTATED_SHARE));
      await Promise.all(halfSent.map((socket) => socket.settled));
      const [answers, frameProblems] = await Promise.all([
        sendAll(lobby.port, requests),
        runFrameScenarios(lobby.port, new Chaos(SEED + 1), frameSockets),
      ]);
      // The fuzz outlasts the moment a per-address cap acts on the half-sent sockets (at once, or after a short grace).
      const halfSentAnswered = halfSent.filter((socket) => /^HTTP\/1\.[01] (1|2)/.test(socket.received.toString('latin1')));
      const halfSentHeld = halfSent.filter((socket) => !socket.closedByServer).length;
      for (const socket of halfSent) socket.destroy();
      for (const socket of frameSockets) socket.destroy();

      const cadences = await Promise.all(watchers.map((watcher) => watcher.stop()));
      const checker = await connect();
      const games = await checker.request({ type: 'list' });
      const home = await exchange(lobby.port, Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${lobby.port}\r\n\r\n`), {
        localAddress: '127.0.0.1',
        deadlineMs: ANSWER_DEADLINE_MS,
      });
      const descriptorsAfter = await descriptorsBackTo(descriptorsBefore + FD_SLACK + 2, 5000);

      const seed = `seed ${SEED} (replay with VIMTRON_FUZZ_SEED=${SEED})`;
      expect.soft(countErrors(uncaught.errors), `uncaught exceptions while fuzzing; ${seed}`).toEqual([]);
      expect.soft(mismatchReport(requests, answers), `requests answered outside the expected outcomes; ${seed}`).toBe('');
      expect.soft(frameProblems, `WebSocket frame scenarios; ${seed}`).toEqual([]);
      expect.soft(halfSentAnswered.map((socket) => socket.received.toString('latin1', 0, 60)), `half-sent requests got an answer; ${seed}`).toEqual([]);
      expect.soft(halfSentHeld, `half-sent requests from one address still held open of ${HALF_SENT}; ${seed}`).toBeLessThanOrEqual(MAX_CONNECTIONS_PER_ADDRESS);
      expect.soft(games.type, `the lobby answers a fresh list after the fuzz; ${seed}`).toBe('games');
      expect.soft(games.games?.map((game: { name: string }) => game.name), seed).toEqual(expect.arrayContaining(['honest-a', 'honest-b']));
      expect.soft(home.outcome, `GET / after the fuzz; ${seed}`).toBe('200');
      expect.soft([lobby.roomPid('honest-a'), lobby.roomPid('honest-b')], `honest rooms kept their processes; ${seed}`).toEqual(honestPids);
      for (const [index, cadence] of cadences.entries()) {
        expect.soft(cadence.gaps, `honest room ${index + 1} skipped ticks; ${seed}`).toEqual([]);
        expect.soft(cadence.worstGapMs, `honest room ${index + 1} worst gap between ticks (ms); ${seed}`).toBeLessThan(500);
      }
      expect.soft(descriptorsAfter, `open descriptors after the fuzz (before: ${descriptorsBefore}); ${seed}`).toBeLessThanOrEqual(descriptorsBefore + FD_SLACK + 2);
      // Nothing failed: no internal error, no room crashed or resumed; limits hit are the fuzz's doing.
      const alarming = log.lines.filter((line) => line.level >= 40 && line.event !== 'limit_hit' && line.event !== 'slow_client_closed');
      expect.soft(alarming, `lobby log; ${seed}`).toEqual([]);
    } finally {
      for (const socket of halfSent) socket.destroy();
      for (const socket of frameSockets) socket.destroy();
      uncaught.stop();
    }
  });

  it('gives an address back its connection slots after upgrades it could not set up', async () => {
    const uncaught = recordUncaught();
    const held: RawWebSocket[] = [];
    try {
      const { lobby } = await startLobby({ maxConnectionsPerAddress: 2 });
      const from = '127.0.0.5';
      const targets = ['//', 'http://[::1', '//a:b@', '//x:99999'];
      const outcomes: Record<string, string> = {};
      for (const target of targets) {
        const request = Buffer.from(upgradeRequest(target, `127.0.0.1:${lobby.port}`));
        outcomes[target] = (await exchange(lobby.port, request, { localAddress: from, deadlineMs: 1000 })).outcome;
      }
      const refusedServedOrClosed = expect.toBeOneOf(['400', '404', '101 served', '101 closed', 'dropped']);
      expect
        .soft(outcomes, 'upgrades at targets a URL parser rejects are refused, served, or closed with a code')
        .toEqual(Object.fromEntries(targets.map((target) => [target, refusedServedOrClosed])));
      // Those connections are closed; both slots must come back (at once, or as soon as the lobby sees the closes).
      const deadline = performance.now() + 2000;
      let refusals: string[] = [];
      do {
        for (const socket of held.splice(0)) socket.destroy();
        refusals = [];
        for (let slot = 0; slot < 2; slot++) {
          try {
            held.push(await RawWebSocket.open(lobby.port, from));
          } catch (error) {
            refusals.push((error as Error).message);
          }
        }
        refusals.push(...(await Promise.all(held.map(servedOrWhy))));
      } while (refusals.some((refusal) => refusal !== 'served') && performance.now() < deadline);
      expect.soft(refusals, 'two connections from the address whose upgrades failed').toEqual(['served', 'served']);
      expect.soft(countErrors(uncaught.errors), 'uncaught exceptions').toEqual([]);
    } finally {
      for (const socket of held) socket.destroy();
      uncaught.stop();
    }
  });
});

/**
 * Collects exceptions nobody caught: the lobby runs in this process, so one
 * thrown from its handlers lands here instead of killing a real lobby.
 */
function recordUncaught(): { errors: Error[]; stop(): void } {
  const errors: Error[] = [];
  const processOnUncaught = (error: Error): void => {
    errors.push(error);
  };
  process.on('uncaughtException', processOnUncaught);
  return { errors, stop: () => process.removeListener('uncaughtException', processOnUncaught) };
}

async function servedOrWhy(socket: RawWebSocket): Promise<string> {
  socket.write(LIST);
  const answer = await socket.waitFor((frame) => isGames(frame) || isClose(frame), FRAME_DEADLINE_MS);
  if (!answer) return socket.ended ? 'cut' : 'no answer';
  return isGames(answer) ? 'served' : `closed ${closeCodeOf(answer)}`;
}

/** Distinct errors with their count and where they were thrown. */
function countErrors(errors: readonly Error[]): string[] {
  const counts = new Map<string, number>();
  for (const error of errors) {
    const where = error.stack?.split('\n').find((line) => line.includes('/server/'))?.trim() ?? '';
    const key = `${error.name}: ${error.message} ${where}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, count]) => `${count} x ${key}`);
}

async function sendAll(port: number, requests: readonly FuzzRequest[]): Promise<Exchange[]> {
  const answers: Exchange[] = new Array(requests.length);
  const startedAt = performance.now();
  let next = 0;
  const workers = Array.from({ length: REQUEST_CONCURRENCY }, async () => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index]!;
      const due = startedAt + (index * 1000) / REQUESTS_PER_SECOND;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      answers[index] = await exchange(port, request.bytes, {
        localAddress: FROM.requests,
        deadlineMs: request.mutated ? DAMAGED_DEADLINE_MS : ANSWER_DEADLINE_MS,
        upgradedDeadlineMs: ANSWER_DEADLINE_MS,
        cuts: request.cuts,
      });
    }
  });
  await Promise.all(workers);
  return answers;
}

/** One line per kind of request and wrong answer, with a count and the first example; empty when all were right. */
function mismatchReport(requests: readonly FuzzRequest[], answers: readonly Exchange[]): string {
  const groups = new Map<string, { count: number; first: string }>();
  requests.forEach((request, index) => {
    const answer = answers[index]!;
    if (request.allowed.has(answer.outcome)) return;
    const key = `${request.category}: got ${answer.outcome}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else {
      const expected = [...request.allowed].filter((outcome) => outcome !== 'dropped').join(' | ');
      const bytes = JSON.stringify(request.bytes.toString('latin1')).slice(0, 200);
      groups.set(key, {
        count: 1,
        first: `#${index} ${request.description}\n      expected ${expected}; answer ${answer.detail}\n      bytes ${bytes}`,
      });
    }
  });
  return [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([key, group]) => `${group.count} x ${key}\n    first ${group.first}`)
    .join('\n');
}

type FrameScenario = (socket: RawWebSocket, chaos: Chaos) => Promise<string | null>;

const PROTOCOL_ERROR = 1002;
const INVALID_PAYLOAD = 1007;
const MESSAGE_TOO_BIG = 1009;
const FRAME_DEADLINE_MS = 2000;
const LIST = encodeFrame({ opcode: Opcode.Text, payload: '{"type":"list"}' });

const isGames = (frame: ReceivedFrame): boolean => frame.opcode === Opcode.Text && frame.payload.toString().startsWith('{"type":"games"');
const isClose = (frame: ReceivedFrame): boolean => frame.opcode === Opcode.Close;
const isPong = (frame: ReceivedFrame): boolean => frame.opcode === Opcode.Pong;

/** Sends bytes that break the protocol and expects exactly this close code. */
function closesWith(code: number, bytes: (chaos: Chaos) => Buffer): FrameScenario {
  return async (socket, chaos) => {
    socket.write(bytes(chaos));
    const close = await socket.waitFor(isClose, FRAME_DEADLINE_MS);
    if (!close) return `no close frame (${socket.ended ? 'connection cut' : 'still open'})`;
    return closeCodeOf(close) === code ? null : `closed with ${closeCodeOf(close)}, expected ${code}`;
  };
}

/** After `bytes`, a `list` is answered with `games`, unless the lobby chose to close with a code. */
function stillServes(bytes: (chaos: Chaos) => Buffer, mayBeCut = false): FrameScenario {
  return async (socket, chaos) => {
    socket.write(Buffer.concat([bytes(chaos), LIST]));
    const answer = await socket.waitFor((frame) => isGames(frame) || isClose(frame), FRAME_DEADLINE_MS);
    if (answer && (isGames(answer) || closeCodeOf(answer) !== null)) return null;
    if (!answer && socket.ended && mayBeCut) return null;
    return answer ? 'closed without a code' : socket.ended ? 'connection cut without a close frame' : 'no answer to list';
  };
}

function pings(chaos: Chaos, count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, () => encodeFrame({ opcode: Opcode.Ping, payload: chaos.bytes(chaos.int(126)) })));
}

const RESERVED_OPCODES = [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf];
const INVALID_CLOSE_CODES = [0, 999, 1004, 1005, 1006, 1015, 2000, 2999, 5000, 65535];

const FRAME_SCENARIOS: Record<string, FrameScenario> = {
  'paced pings are answered with their payloads, then list is served': async (socket, chaos) => {
    for (let round = 0; round < 10; round++) {
      const payloads = Array.from({ length: 20 }, () => chaos.bytes(chaos.int(126)));
      const from = socket.frames.length;
      socket.write(Buffer.concat(payloads.map((payload) => encodeFrame({ opcode: Opcode.Ping, payload }))));
      for (const payload of payloads) {
        const pong = await socket.waitFor((frame) => isPong(frame) && frame.payload.equals(payload), FRAME_DEADLINE_MS, from);
        if (!pong) return socket.closeFrame ? null : `ping ${round * 20} not answered`;
      }
    }
    return stillServes(() => Buffer.alloc(0))(socket, chaos);
  },
  'a burst of many small pings is answered or cut, never left hanging': stillServes((chaos) => pings(chaos, 300), true),
  'unsolicited pongs change nothing': stillServes((chaos) =>
    Buffer.concat(Array.from({ length: 200 }, () => encodeFrame({ opcode: Opcode.Pong, payload: chaos.bytes(chaos.int(126)) }))),
  ),
  'a ping between the fragments of a message is answered and the message served': async (socket) => {
    socket.write(
      Buffer.concat([
        encodeFrame({ opcode: Opcode.Text, payload: '{"type":', fin: false }),
        encodeFrame({ opcode: Opcode.Ping, payload: 'between' }),
        encodeFrame({ opcode: Opcode.Continuation, payload: '"list"}' }),
      ]),
    );
    const pong = await socket.waitFor((frame) => isPong(frame) && frame.payload.toString() === 'between', FRAME_DEADLINE_MS);
    if (!pong) return 'ping between fragments not answered';
    return (await socket.waitFor(isGames, FRAME_DEADLINE_MS)) ? null : 'fragmented list not served';
  },
  'an unmasked frame closes with 1002': closesWith(PROTOCOL_ERROR, () => encodeFrame({ opcode: Opcode.Text, payload: '{"type":"list"}', mask: false })),
  'a reserved opcode closes with 1002': closesWith(PROTOCOL_ERROR, (chaos) => encodeFrame({ opcode: chaos.pick(RESERVED_OPCODES), payload: 'x' })),
  'a fragmented control frame closes with 1002': closesWith(PROTOCOL_ERROR, (chaos) =>
    encodeFrame({ opcode: chaos.pick([Opcode.Ping, Opcode.Pong, Opcode.Close]), payload: Buffer.from([0x03, 0xe8]), fin: false }),
  ),
  'a control frame over 125 bytes closes with 1002': closesWith(PROTOCOL_ERROR, (chaos) =>
    encodeFrame({ opcode: Opcode.Ping, payload: chaos.bytes(126 + chaos.int(200)) }),
  ),
  'reserved bits close with 1002': closesWith(PROTOCOL_ERROR, (chaos) => encodeFrame({ opcode: Opcode.Text, payload: '{}', rsv: 1 + chaos.int(7) })),
  'a continuation with nothing to continue closes with 1002': closesWith(PROTOCOL_ERROR, () => encodeFrame({ opcode: Opcode.Continuation, payload: '{}' })),
  'a close frame with an invalid code closes with 1002': closesWith(PROTOCOL_ERROR, (chaos) => {
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(chaos.pick(INVALID_CLOSE_CODES));
    return encodeFrame({ opcode: Opcode.Close, payload });
  }),
  'a close frame with a one-byte payload closes with 1002': closesWith(PROTOCOL_ERROR, () => encodeFrame({ opcode: Opcode.Close, payload: Buffer.from([0x03]) })),
  'text that is not UTF-8 closes with 1007': closesWith(INVALID_PAYLOAD, () => encodeFrame({ opcode: Opcode.Text, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) })),
  'a length beyond the frame limit closes with 1009': closesWith(MESSAGE_TOO_BIG, (chaos) =>
    encodeFrame({ opcode: Opcode.Text, payload: 'x', declaredLength: chaos.pick([70_000, 2 ** 32, 2 ** 53 - 1]) }),
  ),
  'a normal close is answered with 1000': closesWith(1000, () => encodeFrame({ opcode: Opcode.Close, payload: Buffer.from([0x03, 0xe8]) })),
  'random frame bytes do no harm': async (socket, chaos) => {
    socket.write(chaos.bytes(1 + chaos.int(300)));
    await socket.waitFor(isClose, 200);
    return null;
  },
  'pings from a client that never reads do no harm': async (socket, chaos) => {
    socket.pauseReading();
    for (let batch = 0; batch < 4; batch++) socket.write(pings(chaos, 500));
    await socket.waitFor(isClose, 300);
    return null;
  },
};

async function runFrameScenarios(port: number, chaos: Chaos, opened: RawWebSocket[]): Promise<string[]> {
  const queue = Object.entries(FRAME_SCENARIOS).flatMap((scenario) => Array.from({ length: FRAME_ROUNDS }, () => scenario));
  const problems: string[] = [];
  const workers = Array.from({ length: FRAME_CONCURRENCY }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [name, scenario] = item;
      let socket: RawWebSocket;
      try {
        socket = await RawWebSocket.open(port, FROM.frames, WEBSOCKET_PATH);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
        continue;
      }
      opened.push(socket);
      const problem = await scenario(socket, chaos);
      if (problem) problems.push(`${name}: ${problem}`);
      socket.destroy();
    }
  });
  await Promise.all(workers);
  return problems;
}

/** Records a room's ticks as they arrive, until stopped. */
function watchTicks(client: TestClient): { stop(): Promise<{ gaps: string[]; worstGapMs: number }> } {
  const ticks: number[] = [];
  const arrivals: number[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      // A round start comes as a full snapshot instead of a state frame; both carry the tick.
      const state = await client.next((message) => message.type === 'state' || message.type === 'snapshot', 10_000);
      ticks.push(state.tick);
      arrivals.push(performance.now());
    }
  })();
  return {
    async stop() {
      watching = false;
      await watcher;
      const gaps: string[] = [];
      let worstGapMs = 0;
      for (let index = 1; index < ticks.length; index++) {
        if (ticks[index] !== ticks[index - 1]! + 1) gaps.push(`${ticks[index - 1]} -> ${ticks[index]}`);
        worstGapMs = Math.max(worstGapMs, arrivals[index]! - arrivals[index - 1]!);
      }
      return { gaps, worstGapMs: Math.round(worstGapMs) };
    },
  };
}

/** The lobby runs inside this process, so its descriptors are ours. */
function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

async function descriptorsBackTo(limit: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const count = openDescriptors();
    if (count <= limit || performance.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
