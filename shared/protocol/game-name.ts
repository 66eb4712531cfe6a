/** Rules for game names, shared by the lobby (which enforces them) and clients (which check early). */

export const GAME_NAME_MAX_LENGTH = 24;
/**
 * Checked before lower-casing: some non-ASCII letters lower-case to ASCII (the
 * Kelvin sign U+212A becomes "k"), and such a lookalike must be refused, not
 * quietly turned into another game's name.
 */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Trims and lower-cases a name so that "Tron" and " tron " cannot be two games
 * that look alike; returns an error sentence for a name that is not allowed.
 */
export function normalizeGameName(raw: string): { name: string } | { error: string } {
  const checked = checkName(raw, 'name', GAME_NAME_MAX_LENGTH);
  return 'error' in checked ? checked : { name: checked.name.toLowerCase() };
}

/**
 * The rules every name follows, games' and players' alike: trimmed, not
 * empty, at most `maxLength` characters, only ASCII letters, digits, "-" and
 * "_", starting with a letter or digit. Returns the trimmed name, or an error
 * sentence about `subject` (the field or flag the name came in).
 */
export function checkName(raw: string, subject: string, maxLength: number): { name: string } | { error: string } {
  const trimmed = raw.trim();
  if (trimmed.length === 0) return { error: `${subject} must not be empty` };
  if (trimmed.length > maxLength) {
    return { error: `${subject} must be at most ${maxLength} characters` };
  }
  if (!NAME_PATTERN.test(trimmed)) {
    return { error: `${subject} may contain only letters a-z, digits, "-" and "_", and must start with a letter or digit` };
  }
  return { name: trimmed };
}
