/** What became of a frame offered to a player's connection. */
export type FrameOutcome = 'sent' | 'skipped' | 'lagging-ended';
