import type { ConfirmChannel, Options } from 'amqplib';

type Declaration =
  | { readonly kind: 'exchange'; readonly name: string; readonly type: string; readonly options: Options.AssertExchange }
  | { readonly kind: 'queue'; readonly name: string; readonly options: Options.AssertQueue }
  | { readonly kind: 'bind'; readonly name: string; readonly exchange: string };

/**
 * What a connection declared, in order, so that a connection that reconnects to another node can
 * declare it again: idempotent where the broker kept it (replicated queues, exchanges), and it
 * brings back what a lost node took with it.
 */
export class Topology {
  private declarations: Declaration[] = [];

  exchange(name: string, type: string, options: Options.AssertExchange): void {
    this.declarations.push({ kind: 'exchange', name, type, options });
  }

  queue(name: string, options: Options.AssertQueue): void {
    this.declarations.push({ kind: 'queue', name, options });
  }

  bind(queue: string, exchange: string): void {
    this.declarations.push({ kind: 'bind', name: queue, exchange });
  }

  /** A queue or exchange this connection deleted: declaring it again would bring it back. */
  forget(name: string): void {
    this.declarations = this.declarations.filter((d) => d.name !== name && !(d.kind === 'bind' && d.exchange === name));
  }

  async replay(channel: ConfirmChannel): Promise<void> {
    for (const d of this.declarations) {
      if (d.kind === 'exchange') await channel.assertExchange(d.name, d.type, d.options);
      else if (d.kind === 'queue') await channel.assertQueue(d.name, d.options);
      else await channel.bindQueue(d.name, d.exchange, '');
    }
  }
}
