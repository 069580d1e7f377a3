/** A fenced block of a Markdown text. */
export interface FencedBlock {
  /** The fence's language, lower case (`ts`, `sh`), or `''`. */
  lang: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  /** The text of the nearest heading above it, without its `#`s (`For frontend apps`). */
  section: string;
  /** The block's text, without the fences. */
  code: string;
}

/** The fenced blocks of a Markdown text. */
export function fencedBlocks(markdown: string): FencedBlock[];

/** The fenced blocks of README.md. */
export function readmeBlocks(): FencedBlock[];
