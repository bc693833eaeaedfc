import { Flow } from './modes.js';
import type { Delivery, Network } from './network.js';
import type { CommandSource } from './command-source.js';

export const STEPPER_HELP =
  'commands: Enter/space/step = deliver the next message, queue [device] = list messages in flight, ' +
  'pick K = deliver message K next, swap = toggle sync/async, ff [K] = fast-forward K messages (all), exit = run to the end';

/**
 * The terminal stepper of the seed's stepping emulator, line based so that it can be piped.
 * The drivers call `gate()` whenever messages are in flight; it reads commands until one message
 * moved, the flow changed, or the user let the run go.
 */
export class Stepper {
  /** False after `exit` (or the end of the input): the run goes on without asking. */
  active = true;

  constructor(
    private readonly network: Network,
    private readonly commands: CommandSource,
    private readonly say: (line: string) => void,
    /** Called before each command is read: a watcher (the web stepper) sees what the user decides on. */
    private readonly onWait: () => void = () => undefined,
  ) {}

  async gate(): Promise<void> {
    const network = this.network;
    while (this.active && network.inFlight.length > 0) {
      this.onWait();
      const line = await this.commands.next();
      if (line === null) {
        this.release('end of input');
        return;
      }
      const [word = '', argument] = line.trim().split(/\s+/);
      switch (word) {
        case '':
        case 'step':
        case 's':
          this.deliver(0);
          return;
        case 'queue':
        case 'q': {
          const device = argument === undefined ? undefined : Number(argument);
          if (device !== undefined && !(Number.isInteger(device) && device >= 0 && device < network.devices)) {
            this.say(`queue [device]: device must be 0..${network.devices - 1}, not '${argument ?? ''}'`);
            break;
          }
          this.list(device);
          break;
        }
        case 'pick':
        case 'p': {
          const position = Number(argument);
          if (argument === undefined || !Number.isInteger(position) || position < 0 || position >= network.inFlight.length) {
            this.say(`pick K: K must be 0..${network.inFlight.length - 1} (see queue)`);
            break;
          }
          const [chosen] = network.inFlight.splice(position, 1);
          if (chosen) network.inFlight.unshift(chosen);
          this.say(`picked ${describe(chosen)} as the next delivery`);
          break;
        }
        case 'swap':
        case 'e':
          network.flow = network.flow === Flow.Sync ? Flow.Async : Flow.Sync;
          this.say(`now ${network.flow}`);
          return;
        case 'ff':
        case 'f':
        case 'fast-forward': {
          const count = argument === undefined ? network.inFlight.length : Math.max(0, Math.floor(Number(argument)) || 0);
          for (let i = 0; i < count && network.inFlight.length > 0; i++) this.deliver(0);
          return;
        }
        case 'exit':
          this.release('exit');
          return;
        case 'help':
        case 'h':
        case '?':
          this.say(STEPPER_HELP);
          break;
        default:
          this.say(`unknown command '${line.trim()}'; ${STEPPER_HELP}`);
      }
    }
  }

  /** Stops stepping: what is in flight goes out now, and the network runs on by itself. */
  release(why: string): void {
    if (!this.active) return;
    this.active = false;
    this.say(`stepping ends (${why}); running to the end`);
    while (this.network.inFlight.length > 0) this.deliver(0);
    this.network.gated = false;
  }

  private deliver(position: number): void {
    const delivery = this.network.step(position);
    if (delivery) this.say(`delivered ${describe(delivery)}`);
  }

  private list(device: number | undefined): void {
    const shown = this.network.inFlight
      .map((delivery, position) => ({ delivery, position }))
      .filter(({ delivery }) => device === undefined || delivery.dst === device);
    this.say(`${shown.length} in flight${device === undefined ? '' : ` to device ${device}`}${shown.length > 0 ? ':' : ''}`);
    for (const { delivery, position } of shown) this.say(`  [${position}] ${describe(delivery)} ${delivery.json}`);
  }
}

function describe(delivery: Delivery | undefined): string {
  return delivery === undefined ? 'nothing' : `${delivery.type} ${delivery.src} -> ${delivery.dst}`;
}
