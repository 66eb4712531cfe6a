import { putCell, type Screen } from './screen-buffer.js';

/**
 * Large digits for the countdown, drawn with block characters: a 3x5 pixel
 * font in which every pixel is two columns wide, since a terminal cell is
 * about twice as tall as it is wide.
 */

/** Rows of each digit, top first; `#` is a pixel. */
const FONT: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '# #', '# #', '# #', '###'],
  '1': [' # ', '## ', ' # ', ' # ', '###'],
  '2': ['###', '  #', '###', '#  ', '###'],
  '3': ['###', '  #', ' ##', '  #', '###'],
  '4': ['# #', '# #', '###', '  #', '  #'],
  '5': ['###', '#  ', '###', '  #', '###'],
  '6': ['###', '#  ', '###', '# #', '###'],
  '7': ['###', '  #', '  #', '  #', '  #'],
  '8': ['###', '# #', '###', '# #', '###'],
  '9': ['###', '# #', '###', '  #', '###'],
};

/** Rows a big digit takes. */
export const BIG_DIGIT_ROWS = 5;
const PIXEL_COLUMNS = 2;
const DIGIT_COLUMNS = 3 * PIXEL_COLUMNS;
/** Blank columns between two digits. */
const GAP_COLUMNS = 2;

/** Columns `value` takes when drawn with big digits. */
export function bigNumberWidth(value: number): number {
  const digits = String(value).length;
  return digits * DIGIT_COLUMNS + (digits - 1) * GAP_COLUMNS;
}

/**
 * Draws a non-negative integer in big digits with its top-left corner at
 * (x, y): only the pixels are drawn, so what lies between them stays visible.
 */
export function putBigNumber(screen: Screen, x: number, y: number, value: number, pixel: string, style: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`big numbers are non-negative integers, got ${value}`);
  let column = x;
  for (const digit of String(value)) {
    FONT[digit]!.forEach((row, rowIndex) => {
      for (let pixelIndex = 0; pixelIndex < row.length; pixelIndex++) {
        if (row[pixelIndex] !== '#') continue;
        for (let part = 0; part < PIXEL_COLUMNS; part++) {
          putCell(screen, column + pixelIndex * PIXEL_COLUMNS + part, y + rowIndex, pixel, style);
        }
      }
    });
    column += DIGIT_COLUMNS + GAP_COLUMNS;
  }
}
