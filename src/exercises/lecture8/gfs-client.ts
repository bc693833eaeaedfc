import { LoopDevice } from '../systems/loop-device.js';
import type { GfsMessage } from './gfs-messages.js';
import { CLIENT_RETRIES, CLIENT_RETRY_ROUNDS, FILENAME, MASTER, type GfsOptions } from './gfs-options.js';

export interface GfsClientResult {
  readonly role: 'client';
  /** Where each acknowledged record went: chunk handle and offset, in record order. */
  readonly appended: { chunk: number; offset: number }[];
  /** The record this client gave up on, if it did. */
  readonly gaveUp: number | null;
}

/**
 * A GFS client appending `appends` records to the seed's file, one after the other. It asks the
 * master where the file's current chunk is (creating it if need be), sends the record to a random
 * replica (not necessarily the primary, as in the seed) and waits. A full chunk sends it to the
 * next chunk index; no answer in time sends it back to the master for fresh locations and the
 * record again (the primary recognises a retry). When done it tells the master it quits.
 */
export class GfsClient extends LoopDevice<GfsMessage, GfsOptions> {
  private seq = 0;
  private chunkindex = 0;
  private location: { handle: number; servers: number[] } | null = null;
  private waiting: 'locations' | 'append' = 'locations';
  private sentAt = 0;
  private retries = 0;
  private readonly appended: { chunk: number; offset: number }[] = [];
  private gaveUp: number | null = null;

  protected override start(): void {
    this.askMaster();
  }

  protected handle(message: GfsMessage): void {
    if (message.type === 'File2ChunkRsp') {
      if (this.waiting !== 'locations' || message.chunkindex !== this.chunkindex || message.locations.length === 0) return;
      this.location = { handle: message.chunkhandle, servers: message.locations };
      this.sendRecord();
    } else if (message.type === 'RecordAppendRsp') {
      if (this.waiting !== 'append' || message.seq !== this.seq || message.chunkhandle !== this.location?.handle) return;
      if (message.result === 'ok' && message.offset !== null) this.acknowledged(message.chunkhandle, message.offset);
      else if (message.result === 'full') {
        this.chunkindex++;
        this.askMaster();
      } else this.askMaster();
    }
  }

  /** No answer in time: ask the master again, a limited number of times. */
  protected override work(): void {
    if (this.round - this.sentAt < CLIENT_RETRY_ROUNDS) return;
    if (++this.retries > CLIENT_RETRIES) {
      this.gaveUp = this.seq;
      this.finish();
      return;
    }
    this.askMaster();
  }

  private acknowledged(chunk: number, offset: number): void {
    this.appended.push({ chunk, offset });
    this.seq++;
    this.retries = 0;
    if (this.seq === this.options.appends) this.finish();
    else this.sendRecord();
  }

  private askMaster(): void {
    this.waiting = 'locations';
    this.sentAt = this.round;
    this.tell(MASTER, { type: 'File2ChunkReq', filename: FILENAME, chunkindex: this.chunkindex, createIfNotExists: true });
  }

  private sendRecord(): void {
    const location = this.location;
    if (!location) return;
    this.waiting = 'append';
    this.sentAt = this.round;
    const record = { client: this.index, seq: this.seq, data: `hello from client number ${this.index}, record ${this.seq}` };
    this.tell(this.medium.random.pick(location.servers), {
      type: 'RecordAppendReq',
      chunkhandle: location.handle,
      record,
      forwarded: false,
    });
  }

  private finish(): void {
    this.tell(MASTER, { type: 'Quit' });
    this.stop();
  }

  override result(): GfsClientResult {
    return { role: 'client', appended: [...this.appended], gaveUp: this.gaveUp };
  }
}
