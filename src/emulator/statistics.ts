import type { Network } from './network.js';

export interface Statistics {
  readonly total: number;
  /** Average sent per device. */
  readonly perDevice: number;
  readonly perType: Record<string, number>;
  readonly rounds: number;
  readonly delivered: number;
  readonly dropped: number;
  readonly duplicated: number;
}

export function statisticsOf(network: Network): Statistics {
  const { counts } = network;
  const perType = Object.fromEntries([...counts.perType.entries()].sort(([a], [b]) => a.localeCompare(b)));
  return {
    total: counts.sent,
    perDevice: network.devices === 0 ? 0 : counts.sent / network.devices,
    perType,
    rounds: network.rounds,
    delivered: counts.delivered,
    dropped: counts.dropped,
    duplicated: counts.duplicated,
  };
}

/** The seed's closing block, plus the per-type counts and what the faults did. */
export function formatStatistics(stats: Statistics): string {
  const types = Object.entries(stats.perType)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  return [
    'Statistics',
    `\tTotal messages sent: ${stats.total}`,
    `\tAverage messages per device: ${stats.perDevice.toFixed(2)}`,
    `\tRounds: ${stats.rounds}`,
    `\tMessages per type: ${types || 'none'}`,
    `\tDelivered ${stats.delivered}, dropped ${stats.dropped}, duplicated ${stats.duplicated}`,
  ].join('\n');
}
