import { UsageError } from '../common/index.js';
import type { VariableInfo, Variables } from './variables.js';

/** A handle on one distributed variable (see variables.ts for the protocol). */
export class DistributedVariable {
  constructor(
    private readonly variables: Variables,
    readonly info: VariableInfo,
  ) {}

  /** The latest value written before this read began (from the local copy while it is valid). */
  read(): Promise<unknown> {
    return this.variables.read(this.info, this.info.name);
  }

  /** Returns once every other copy in the cluster is invalid. */
  write(value: unknown): Promise<void> {
    return this.variables.write(this.info, this.info.name, value);
  }
}

/** A handle on a distributed array: each element is a cell of its own, invalidated on its own. */
export class DistributedArray {
  readonly length: number;

  constructor(
    private readonly variables: Variables,
    readonly info: VariableInfo,
  ) {
    this.length = info.length ?? 0;
  }

  async get(index: number): Promise<unknown> {
    return await this.variables.read(this.info, this.cell(index));
  }

  async set(index: number, value: unknown): Promise<void> {
    await this.variables.write(this.info, this.cell(index), value);
  }

  /** Every element, in order. */
  readAll(): Promise<unknown[]> {
    return Promise.all(Array.from({ length: this.length }, (_, i) => this.get(i)));
  }

  private cell(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.length)
      throw new UsageError(`array '${this.info.name}' has ${this.length} elements; there is no element ${index}`);
    return `${this.info.name}#${index}`;
  }
}
