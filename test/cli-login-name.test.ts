import { describe, expect, it } from 'vitest';
import { userInfo } from 'node:os';
import { loginPlayerName, playerNameFromLogin } from '../cli/login-name.js';

describe('the player name taken from the login name', () => {
  it('keeps a login name that is a valid player name as it is, case included', () => {
    expect(playerNameFromLogin('ana')).toBe('ana');
    expect(playerNameFromLogin('Bo_Smith-2')).toBe('Bo_Smith-2');
  });

  it('drops the characters a player name may not hold, and leading dashes and underscores', () => {
    expect(playerNameFromLogin('jean.dupont')).toBe('jeandupont');
    expect(playerNameFromLogin('_svc-build')).toBe('svc-build');
    expect(playerNameFromLogin('DOMAIN\\josé maría')).toBe('DOMAINjosmara');
    expect(playerNameFromLogin('a'.repeat(40))).toBe('a'.repeat(24));
  });

  it('falls back to "player" when nothing usable is left', () => {
    expect(playerNameFromLogin('')).toBe('player');
    expect(playerNameFromLogin('---')).toBe('player');
    expect(playerNameFromLogin('日本')).toBe('player');
  });

  it('reads the login name of the user running the command', () => {
    expect(loginPlayerName({})).toBe(playerNameFromLogin(userInfo().username));
  });
});
