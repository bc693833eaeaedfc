import { freemem, loadavg, totalmem } from 'node:os';

/** What a node says of its own load, with every echo reply: the dashboard's CPU and memory columns. */
export interface ResourceSample {
  /** This process's CPU use since the previous sample, in percent of one core. */
  readonly cpuPercent: number;
  /** This process's resident memory, bytes. */
  readonly rssBytes: number;
  /** The machine's memory, bytes: installed and available. */
  readonly totalMemBytes: number;
  readonly freeMemBytes: number;
  /** The machine's 1-minute load average. */
  readonly load1: number;
  /** ms since the epoch, on the sampling node's clock. */
  readonly sampledAt: number;
}

/** Samples this process; CPU is measured between consecutive calls. */
export class ResourceSampler {
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();

  sample(): ResourceSample {
    const cpu = process.cpuUsage(this.lastCpu);
    const now = performance.now();
    const elapsedMs = Math.max(1, now - this.lastAt);
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    return {
      cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 1000) / 10,
      rssBytes: process.memoryUsage.rss(),
      totalMemBytes: totalmem(),
      freeMemBytes: freemem(),
      load1: loadavg()[0] ?? 0,
      sampledAt: Date.now(),
    };
  }
}
