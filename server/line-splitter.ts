/**
 * Turns chunks of a byte stream into whole lines for `onLine`; a last line
 * without a newline is given by `flush`. Lines longer than `maxLineLength`
 * are cut, so a runaway writer cannot grow the buffer without bound.
 */
export class LineSplitter {
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength = 8192,
  ) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.onLine(line.slice(0, this.maxLineLength));
    if (this.partial.length > this.maxLineLength) {
      this.onLine(this.partial.slice(0, this.maxLineLength));
      this.partial = '';
    }
  }

  flush(): void {
    if (this.partial !== '') this.onLine(this.partial);
    this.partial = '';
  }
}
