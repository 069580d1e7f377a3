/**
 * A progress line on stderr: count, total, rate, and a bar when the total is known. Drawn only on
 * a terminal (never into a pipe or a log), at most ten times a second, and erased when done; the
 * last state stays as one summary line.
 */

/** Where the line is drawn: a terminal, or nothing is drawn. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** A progress line for one task. */
export class Progress {
  readonly #stream: ProgressStream;
  readonly #enabled: boolean;
  readonly #now: () => number;
  #label: string;
  #start: number;
  #lastDraw = -Infinity;
  #done = 0;
  #total: number | null = null;
  #drawn = false;

  /**
   * @param stream - stderr.
   * @param label - what is counted, e.g. `reading`.
   * @param quiet - `--quiet`: draw nothing.
   * @param now - the clock, in milliseconds (for tests).
   */
  constructor(stream: ProgressStream, label: string, quiet: boolean, now: () => number = () => performance.now()) {
    this.#stream = stream;
    this.#enabled = !quiet && stream.isTTY === true;
    this.#label = label;
    this.#now = now;
    this.#start = now();
  }

  /** Whether anything is drawn. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** A new phase: another label, the count and clock from zero. */
  phase(label: string): void {
    this.#label = label;
    this.#done = 0;
    this.#total = null;
    this.#start = this.#now();
    this.#lastDraw = -Infinity;
  }

  /** The count so far and the total, when known. */
  update(done: number, total: number | null): void {
    this.#done = done;
    this.#total = total;
    if (!this.#enabled) return;
    const now = this.#now();
    if (now - this.#lastDraw < 100 && done !== total) return;
    this.#lastDraw = now;
    this.#draw(this.line(now));
  }

  /** The line as it would be drawn at `now`. */
  line(now = this.#now()): string {
    // A rate over less than half a second says nothing yet.
    const seconds = (now - this.#start) / 1000;
    const rate = seconds >= 0.5 ? `, ${Math.round(this.#done / seconds)}/s` : '';
    const total = this.#total;
    const count = total === null ? `${this.#done}` : `${this.#done}/${total}`;
    const percent = total ? Math.min(100, Math.floor((this.#done / total) * 100)) : null;
    const width = 20;
    const bar = percent === null ? '' : `[${'#'.repeat(Math.round((percent / 100) * width)).padEnd(width, '.')}] `;
    return `${this.#label} ${bar}${count} credits${percent === null ? '' : ` ${percent}%`}${rate}`;
  }

  /** Erases the line; with `summary`, leaves that in its place (on a terminal only). */
  finish(summary?: string): void {
    if (!this.#enabled) return;
    if (this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
    if (summary) this.#stream.write(`${summary}\n`);
  }

  /** The seconds since the phase began, for a summary. */
  elapsed(): number {
    return (this.#now() - this.#start) / 1000;
  }

  #draw(line: string): void {
    // A terminal of unknown width (0 under some pseudo-terminals) is taken as 80 columns.
    const columns = this.#stream.columns && this.#stream.columns >= 20 ? this.#stream.columns : 80;
    this.#stream.write(`\r\x1b[K${line.length >= columns ? line.slice(0, columns - 1) : line}`);
    this.#drawn = true;
  }
}
