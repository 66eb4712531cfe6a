/**
 * Columns padded to their widest cell: the first left-aligned, the rest
 * right-aligned, a line of dashes under the headers, nothing else. Kept by
 * hand rather than taken from cli-table3: that library draws boxes, and
 * making it print this plain layout (no borders, one dash row under the
 * header only, no trailing blanks) takes more configuration than these
 * lines, and would still shift the reports people diff from run to run.
 */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A number with a fixed count of decimals, or "-" when there is none. */
export function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** Bytes as MB with one decimal (1 MB = 2^20 bytes). */
export function megabytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '-' : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
