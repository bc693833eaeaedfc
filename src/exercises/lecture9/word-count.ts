import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANDERSEN_TALES, type CorpusText } from './andersen-tales.js';

/** The `corpus` option's value for the bundled tales. */
export const BUNDLED = 'andersen';

/** Word -> occurrences. */
export type Counts = Record<string, number>;

/** The words of a text as the mappers count them: runs of letters (an apostrophe inside one is kept), in lower case. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+(?:'\p{L}+)*/gu) ?? [];
}

/** Adds the words of `text` to `counts`. */
export function countInto(counts: Map<string, number>, text: string): void {
  for (const word of wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
}

/**
 * The seed's partition function: by the word's first letter, a..z spread evenly over the
 * partitions; anything before 'a' counts as 'a', anything after 'z' as 'z'.
 */
export function partitionOf(word: string, partitions: number): number {
  const a = 'a'.charCodeAt(0);
  const z = 'z'.charCodeAt(0);
  const first = Math.min(Math.max(word.charCodeAt(0), a), z);
  return Math.floor(((first - a) * partitions) / (z - a + 1));
}

/**
 * The texts a run counts: the bundled tales, or the .txt files of a folder (by name); the first
 * `files` of them, or all when `files` is 0.
 */
export function corpusTexts(corpus: string, files: number): CorpusText[] {
  const all =
    corpus === BUNDLED
      ? [...ANDERSEN_TALES]
      : readdirSync(corpus)
          .filter((name) => name.endsWith('.txt'))
          .sort()
          .map((name) => ({ name, title: name, text: readFileSync(join(corpus, name), 'utf8') }));
  return files === 0 ? all : all.slice(0, files);
}

/** One text of the corpus by its name, or undefined. */
export function readText(corpus: string, name: string): string | undefined {
  if (corpus === BUNDLED) return ANDERSEN_TALES.find((text) => text.name === name)?.text;
  try {
    return readFileSync(join(corpus, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** A sequential word count of the named texts, as a plain object. */
export function sequentialCount(corpus: string, names: readonly string[]): Counts {
  const counts = new Map<string, number>();
  for (const name of names) countInto(counts, readText(corpus, name) ?? '');
  return Object.fromEntries(counts);
}
