import { findAlgorithm, importAlgorithm, type Algorithm } from '../exercises/index.js';
import type { AlgorithmSource } from './amqp-wire.js';

/** The algorithm a device function was told to run. */
export async function resolveAlgorithm(source: AlgorithmSource): Promise<Algorithm> {
  return source.kind === 'registry' ? findAlgorithm(source.lecture, source.name) : importAlgorithm(source);
}
