import { READY_DELAY_TICKS, TICK_MS } from '../shared/rules/constants.js';
import type { Glyphs } from './glyphs.js';
import { putCell, putText, type Screen } from './screen-buffer.js';
import { wrapWords } from './wrap-words.js';

/** The keys, as `?` shows them: the key, then what it does. */
const KEY_HELP: readonly (readonly [string, string])[] = [
  ['h j k l', 'turn left, down, up, right (during the countdown: plan your first turn)'],
  ['i', 'ready for a round; while racing, INSERT mode: leave a wall, no turning'],
  ['esc', 'take your ready back; while racing, stop inserting'],
  ['q', 'quit the game'],
  ['Ctrl-L', 'redraw the screen'],
  ['?', 'show or hide this help'],
];

const READY_DELAY_SECONDS = (READY_DELAY_TICKS * TICK_MS) / 1000;

const NOTES: readonly string[] = [
  `After a round ends, i readies you only ${READY_DELAY_SECONDS} s later, so that a late INSERT does not start a rematch.`,
  'q quits; any other key closes this help.',
];

const TITLE = ' vimtron keys ';
const KEY_COLUMNS = 9;
/** The widest the box gets: room for every line in an 80-column terminal. */
const MOST_INNER_COLUMNS = 60;
/** Blank columns between the frame and the text. */
const PADDING = 1;

/**
 * Draws the key help in a framed box centred on the screen, over whatever
 * is there. The text wraps to fit a narrow screen; a screen too short for it
 * shows the top of it.
 */
export function drawHelpOverlay(screen: Screen, glyphs: Glyphs): void {
  const inner = Math.max(KEY_COLUMNS + 8, Math.min(MOST_INNER_COLUMNS, screen.width - 2 - 2 * PADDING));
  const lines = helpLines(inner);
  const boxWidth = inner + 2 + 2 * PADDING;
  const boxHeight = lines.length + 2;
  const left = Math.max(0, Math.floor((screen.width - boxWidth) / 2));
  const top = Math.max(0, Math.floor((screen.height - boxHeight) / 2));
  const right = left + boxWidth - 1;
  const bottom = top + boxHeight - 1;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) putCell(screen, x, y, ' ');
  }
  for (let x = left + 1; x < right; x++) {
    putCell(screen, x, top, glyphs.horizontal);
    putCell(screen, x, bottom, glyphs.horizontal);
  }
  for (let y = top + 1; y < bottom; y++) {
    putCell(screen, left, y, glyphs.vertical);
    putCell(screen, right, y, glyphs.vertical);
  }
  putCell(screen, left, top, glyphs.topLeft);
  putCell(screen, right, top, glyphs.topRight);
  putCell(screen, left, bottom, glyphs.bottomLeft);
  putCell(screen, right, bottom, glyphs.bottomRight);
  putText(screen, left + 2, top, TITLE, '1');
  lines.forEach((line, index) => {
    const x = left + 1 + PADDING;
    const y = top + 1 + index;
    if (line.key === null) {
      putText(screen, x, y, line.text);
    } else {
      putText(screen, x, y, line.key, '1');
      putText(screen, x + KEY_COLUMNS, y, line.text);
    }
  });
}

/** A line of the box: a key (in bold) and what it does, or a line of a note (`key` null). */
interface HelpLine {
  readonly key: string | null;
  readonly text: string;
}

/** The box's text, wrapped to `width` columns. */
export function helpLines(width: number): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const [key, description] of KEY_HELP) {
    wrapWords(description, width - KEY_COLUMNS).forEach((part, index) => lines.push({ key: index === 0 ? key : '', text: part }));
  }
  for (const note of NOTES) {
    lines.push({ key: null, text: '' });
    for (const part of wrapWords(note, width)) lines.push({ key: null, text: part });
  }
  return lines;
}
