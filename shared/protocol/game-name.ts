/** Rules for game names, shared by the lobby (which enforces them) and clients (which check early). */

export const GAME_NAME_MAX_LENGTH = 24;
const GAME_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Trims and lower-cases a name so that "Tron" and " tron " cannot be two games
 * that look alike; returns an error sentence for a name that is not allowed.
 */
export function normalizeGameName(raw: string): { name: string } | { error: string } {
  const name = raw.trim().toLowerCase();
  if (name.length === 0) return { error: 'name must not be empty' };
  if (name.length > GAME_NAME_MAX_LENGTH) {
    return { error: `name must be at most ${GAME_NAME_MAX_LENGTH} characters` };
  }
  if (!GAME_NAME_PATTERN.test(name)) {
    return { error: 'name may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit' };
  }
  return { name };
}
