import { describe, expect, it } from 'vitest';
import { describeClose, describeConnectError, lobbyUrl } from '../client/connection.js';

function errorWithCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('lobbyUrl', () => {
  it('builds a ws URL and brackets IPv6 addresses', () => {
    expect(lobbyUrl('127.0.0.1', 8766)).toBe('ws://127.0.0.1:8766');
    expect(lobbyUrl('example.org', 1)).toBe('ws://example.org:1');
    expect(lobbyUrl('::1', 8766)).toBe('ws://[::1]:8766');
    expect(lobbyUrl('[::1]', 8766)).toBe('ws://[::1]:8766');
  });
});

describe('describeConnectError', () => {
  it('explains the usual reasons a lobby cannot be reached', () => {
    expect(describeConnectError(errorWithCode('ECONNREFUSED'), 5000)).toBe('connection refused (is a vimtron lobby running there?)');
    expect(describeConnectError(errorWithCode('ENOTFOUND'), 5000)).toBe('unknown host');
    expect(describeConnectError(errorWithCode('EHOSTUNREACH'), 5000)).toBe('host unreachable');
    expect(describeConnectError(new Error('Opening handshake has timed out'), 5000)).toBe('no answer within 5 s');
    expect(describeConnectError(new Error('Unexpected server response: 404'), 5000)).toBe(
      'something answered, but it is not a vimtron lobby (Unexpected server response: 404)',
    );
  });

  it('finds the code inside an AggregateError from a connect that tried several addresses', () => {
    const error = new AggregateError([errorWithCode('ECONNREFUSED'), errorWithCode('ECONNREFUSED')], '');
    expect(describeConnectError(error, 5000)).toBe('connection refused (is a vimtron lobby running there?)');
  });
});

describe('describeClose', () => {
  it('tells a lobby shutting down from a dropped connection and other closes', () => {
    expect(describeClose(1001, 'server shutting down')).toBe('the lobby shut down (server shutting down)');
    expect(describeClose(1006, '')).toBe('the connection dropped');
    expect(describeClose(4000, 'kicked')).toBe('the lobby closed the connection (code 4000: kicked)');
  });
});
