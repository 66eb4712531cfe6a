/** Splits text into lines of at most `width` columns, breaking between words where it can. */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if ([...candidate].length <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while ([...line].length > width) {
      lines.push([...line].slice(0, width).join(''));
      line = [...line].slice(width).join('');
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
