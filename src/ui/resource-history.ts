import type { NodeView, Sample } from './dashboard-messages.js';

/** Samples kept per node: at one a second, five minutes. */
export const SAMPLES_KEPT = 300;
/** Nodes whose history is kept (a long-lived node sees many come and go): the most recently heard. */
export const NODES_KEPT = 64;

const MIB = 1024 * 1024;

/** A node's sample as a chart point. */
export function sampleOf(node: NodeView): Sample {
  const { cpuPercent, rssBytes, totalMemBytes, freeMemBytes, sampledAt } = node.resources;
  const memLoad = totalMemBytes > 0 ? ((totalMemBytes - freeMemBytes) / totalMemBytes) * 100 : 0;
  return { t: sampledAt, cpu: cpuPercent, rssMiB: Math.round((rssBytes / MIB) * 10) / 10, memLoad: Math.round(memLoad * 10) / 10 };
}

/**
 * Every node's resource samples over time, bounded: a node's sample is new when its time is (a
 * peer's comes with its echo replies, this node's own with every look), and the oldest go first.
 */
export class ResourceHistory {
  private readonly byNode = new Map<string, Sample[]>();

  /** Takes the samples in the table; returns those that are new, by node id. */
  record(nodes: readonly NodeView[]): Record<string, Sample[]> {
    const fresh: Record<string, Sample[]> = {};
    for (const node of nodes) {
      const samples = this.byNode.get(node.id) ?? [];
      const sample = sampleOf(node);
      if (sample.t <= (samples.at(-1)?.t ?? -1)) continue;
      samples.push(sample);
      samples.splice(0, Math.max(0, samples.length - SAMPLES_KEPT));
      // Re-inserted: the map's order is the order nodes were last heard from.
      this.byNode.delete(node.id);
      this.byNode.set(node.id, samples);
      fresh[node.id] = [sample];
    }
    for (const id of [...this.byNode.keys()].slice(0, Math.max(0, this.byNode.size - NODES_KEPT))) this.byNode.delete(id);
    return fresh;
  }

  all(): Record<string, Sample[]> {
    return Object.fromEntries([...this.byNode].map(([id, samples]) => [id, [...samples]]));
  }

  clear(): void {
    this.byNode.clear();
  }
}
