import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LobbyToRoom, RoomToLobby } from '../shared/protocol/ipc-messages.js';
import { EXIT_CODE_GAME_EXCEPTION } from '../shared/protocol/ipc-messages.js';
import { processExitCause } from '../server/process-room-host.js';
import { classifyExit, RoomChannelBase, STOP_GRACE_MS } from '../server/room-channel-base.js';
import type { RoomExit, RoomExitCause } from '../server/room-host.js';

/** A runtime that exists only as a record of what the base asked of it. */
class RecordingChannel extends RoomChannelBase {
  readonly pid = 4321;
  readonly transmitted: LobbyToRoom[] = [];
  readonly calls: string[] = [];
  canAsk = true;

  protected transmit(message: LobbyToRoom): void {
    this.transmitted.push(message);
  }

  protected askToStop(): boolean {
    this.calls.push('ask to stop');
    return this.canAsk;
  }

  protected endNow(): void {
    this.calls.push('end now');
  }

  protected override detach(): void {
    this.calls.push('detach');
  }

  fromRuntime(message: RoomToLobby): void {
    this.deliver(message);
  }

  exits(code: number | null, signal: string | null, statusCause: RoomExitCause, reportedFailure: RoomExitCause | null = null): void {
    this.runtimeExited(code, signal, statusCause, reportedFailure);
  }
}

function recordingChannel(): { channel: RecordingChannel; messages: RoomToLobby[]; exits: RoomExit[] } {
  const messages: RoomToLobby[] = [];
  const exits: RoomExit[] = [];
  const channel = new RecordingChannel({
    onMessage: (message) => messages.push(message),
    onExit: (exit) => exits.push(exit),
    onLog: (record) => {
      throw new Error(`unexpected log line: ${record.msg}`);
    },
  });
  return { channel, messages, exits };
}

describe('exit classification', () => {
  const unasked = { disposed: false, killedFor: null, reportedFailure: null } as const;

  it('calls an exit the lobby asked for, with nothing else on the way, a planned stop whatever the status says', () => {
    expect(classifyExit({ disposed: true, killedFor: null, reportedFailure: null, statusCause: 'exception' })).toEqual({ planned: true, cause: 'stopped' });
  });

  it('calls a kill for hanging unplanned even during a stop, and names it before the status', () => {
    expect(classifyExit({ disposed: true, killedFor: 'hung', reportedFailure: 'exception', statusCause: 'killed' })).toEqual({ planned: false, cause: 'hung' });
  });

  it('calls a failure reported during a stop unplanned, and names it before the status', () => {
    expect(classifyExit({ disposed: true, killedFor: null, reportedFailure: 'out-of-memory', statusCause: 'exited' })).toEqual({ planned: false, cause: 'out-of-memory' });
  });

  it('takes the cause of an exit nobody asked for from the status', () => {
    expect(classifyExit({ ...unasked, statusCause: 'killed' })).toEqual({ planned: false, cause: 'killed' });
  });
});

describe('process exit status', () => {
  it('reads the game exception exit code as an exception', () => {
    expect(processExitCause(EXIT_CODE_GAME_EXCEPTION, null)).toBe('exception');
  });

  it('reads SIGABRT, or exit code 134 (128 + SIGABRT), as V8 running out of heap', () => {
    expect(processExitCause(null, 'SIGABRT')).toBe('out-of-memory');
    expect(processExitCause(134, null)).toBe('out-of-memory');
  });

  it('reads any other signal as killed and any other code as exited', () => {
    expect(processExitCause(null, 'SIGKILL')).toBe('killed');
    expect(processExitCause(null, 'SIGTERM')).toBe('killed');
    expect(processExitCause(0, null)).toBe('exited');
    expect(processExitCause(1, null)).toBe('exited');
    expect(processExitCause(null, null)).toBe('exited');
  });
});

describe('room channel base', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once to stop on dispose, ends the runtime after the grace period, and dispose can be called twice', () => {
    const { channel, exits } = recordingChannel();
    channel.dispose();
    channel.dispose();
    expect(channel.calls).toEqual(['ask to stop']);
    vi.advanceTimersByTime(STOP_GRACE_MS - 1);
    expect(channel.calls).toEqual(['ask to stop']);
    vi.advanceTimersByTime(1);
    expect(channel.calls).toEqual(['ask to stop', 'end now']);
    channel.exits(null, 'SIGKILL', 'killed');
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL', planned: true, cause: 'stopped' }]);
  });

  it('does not end a runtime that stopped within the grace period', () => {
    const { channel, exits } = recordingChannel();
    channel.dispose();
    channel.exits(0, null, 'exited');
    vi.advanceTimersByTime(STOP_GRACE_MS * 2);
    expect(channel.calls).toEqual(['ask to stop', 'detach']);
    expect(vi.getTimerCount()).toBe(0);
    expect(exits).toEqual([{ code: 0, signal: null, planned: true, cause: 'stopped' }]);
  });

  it('ends at once a runtime that cannot be asked to stop', () => {
    const { channel } = recordingChannel();
    channel.canAsk = false;
    channel.dispose();
    expect(channel.calls).toEqual(['ask to stop', 'end now']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('kills a hung runtime once, and reports the exit as hung even during a stop', () => {
    const { channel, exits } = recordingChannel();
    channel.dispose();
    channel.kill('hung');
    channel.kill('hung');
    channel.exits(null, 'SIGKILL', 'killed');
    expect(channel.calls).toEqual(['ask to stop', 'end now', 'detach']);
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL', planned: false, cause: 'hung' }]);
  });

  it('reports the exit exactly once and then ignores sends, messages, disposes and kills', () => {
    const { channel, messages, exits } = recordingChannel();
    channel.fromRuntime({ type: 'ready' });
    channel.send({ type: 'stop' });
    channel.exits(EXIT_CODE_GAME_EXCEPTION, null, 'exception');
    channel.exits(0, null, 'exited');
    channel.fromRuntime({ type: 'heartbeat' });
    channel.send({ type: 'stop' });
    channel.dispose();
    channel.kill('hung');
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(channel.transmitted).toEqual([{ type: 'stop' }]);
    expect(channel.calls).toEqual(['detach']);
    expect(exits).toEqual([{ code: EXIT_CODE_GAME_EXCEPTION, signal: null, planned: false, cause: 'exception' }]);
  });
});
