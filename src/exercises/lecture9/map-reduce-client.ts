import { LoopDevice } from '../systems/loop-device.js';
import type { MapReduceMessage } from './map-reduce-messages.js';
import { MASTER, type MapReduceOptions } from './map-reduce-options.js';
import { corpusTexts } from './word-count.js';

export interface ClientResult {
  readonly role: 'client';
  readonly files: number;
  readonly resultFiles: string[];
  readonly distinct: number;
  readonly words: number;
  /** The most frequent words, most frequent first. */
  readonly top: [string, number][];
}

/**
 * The seed's client: it lists the texts, asks the master for a word count in `reducers`
 * partitions, and when the job is complete tells the master to quit.
 */
export class MapReduceClient extends LoopDevice<MapReduceMessage, MapReduceOptions> {
  private files = 0;
  private resultFiles: string[] = [];
  private readonly total = new Map<string, number>();

  protected override start(): void {
    const filenames = corpusTexts(this.options.corpus, this.options.files).map((text) => text.name);
    this.files = filenames.length;
    this.tell(MASTER, { type: 'ClientJobStart', filenames, numberPartitions: this.options.reducers });
  }

  protected handle(message: MapReduceMessage): void {
    if (message.type !== 'ClientJobCompleted') return;
    this.resultFiles = message.resultFiles;
    for (const counts of Object.values(message.results))
      for (const [word, count] of Object.entries(counts)) this.total.set(word, (this.total.get(word) ?? 0) + count);
    this.tell(MASTER, { type: 'Quit' });
    this.stop();
  }

  override result(): ClientResult {
    const ranked = [...this.total].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    return {
      role: 'client',
      files: this.files,
      resultFiles: this.resultFiles,
      distinct: this.total.size,
      words: ranked.reduce((sum, [, count]) => sum + count, 0),
      top: ranked.slice(0, 5),
    };
  }
}
