import { ProtocolError } from '../common/index.js';

/** A slave did not do its part in time: names the slave and the round. */
export class LeaseExpiredError extends ProtocolError {
  readonly slaves: readonly number[];
  readonly round: number;
  constructor(message: string, slaves: readonly number[], round: number) {
    super(message);
    this.slaves = slaves;
    this.round = round;
  }
}
