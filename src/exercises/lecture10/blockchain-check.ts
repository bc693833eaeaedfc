import { z } from 'zod';
import type { CheckContext, CheckResult, TraceEvent } from '../algorithm.js';
import { Findings, counted, resultsOf, seen } from '../systems/findings.js';
import { Block, blockHash, chainProblem, incentive, provesWork } from './block.js';
import { BlockchainMsg, Transaction } from './blockchain-messages.js';
import { blockchainOptions, isMiner } from './blockchain-options.js';

const Result = z.discriminatedUnion('role', [
  z.object({ role: z.literal('miner'), chain: z.array(Block) }),
  z.object({ role: z.literal('client'), miner: z.int() }),
]);

/** Every distinct block the miners sent each other or their clients, by hash, with who sent it first. */
function blocksOnTheWire(trace: readonly TraceEvent[], findings: Findings): Map<string, { block: Block; by: Set<number> }> {
  const blocks = new Map<string, { block: Block; by: Set<number> }>();
  // The same block travels in many chains: hash each distinct one once.
  const hashOf = new Map<string, string>();
  for (const { event, msg } of seen(trace, 'send', BlockchainMsg, findings)) {
    for (const block of msg.chain) {
      const text = JSON.stringify(block);
      const hash = hashOf.get(text) ?? blockHash(block);
      hashOf.set(text, hash);
      const known = blocks.get(hash) ?? { block, by: new Set<number>() };
      if (event.src !== null) known.by.add(event.src);
      blocks.set(hash, known);
    }
  }
  return blocks;
}

/**
 * The blockchain did its job: every block on the wire has a valid proof of work and every block
 * was handed out by the miner that mined it; every live miner ends on the same valid chain of the
 * configured length (its blocks linked, hashed and proven); in that chain every client
 * transaction appears at most once, and only transactions a client really sent, and each incentive
 * names its block's miner. Forks seen on the wire are counted: they were resolved if the miners agree.
 */
export function checkBlockchain(results: readonly unknown[], trace: readonly TraceEvent[], context: CheckContext): CheckResult {
  const findings = new Findings();
  const { length, difficulty } = blockchainOptions.parse(context.options);
  const wire = blocksOnTheWire(trace, findings);
  const heights = new Map<number, number>();
  for (const [hash, { block, by }] of wire) {
    heights.set(block.index, (heights.get(block.index) ?? 0) + 1);
    if (block.index > 0 && !provesWork(hash, difficulty))
      findings.add(`block ${block.index} by miner ${block.miner} on the wire lacks the proof of work`);
    if (!by.has(block.miner))
      findings.add(`block ${block.index} (hash ${hash.slice(0, 12)}) claims miner ${block.miner}, who never sent it`);
  }
  const sent = new Set(seen(trace, 'send', Transaction, findings).map(({ msg }) => msg.transaction));
  const parsed = resultsOf(results, Result, context.crashed, findings, 'blockchain result');
  let agreed: { miner: number; hashes: string[] } | undefined;
  let live = 0;
  parsed.forEach((result, device) => {
    if (context.crashed[device] || result?.role !== 'miner' || !isMiner(device)) return;
    live++;
    const chain = result.chain;
    const problem = chainProblem(chain, difficulty);
    if (problem !== undefined) {
      findings.add(`miner ${device}'s chain is invalid: ${problem}`);
      return;
    }
    if (chain.length !== length) findings.add(`miner ${device} ends with ${chain.length} blocks, not ${length}`);
    const hashes = chain.map(blockHash);
    hashes.forEach((hash, at) => {
      if (at > 0 && !wire.has(hash)) findings.add(`miner ${device}'s block ${at} never went over the wire`);
    });
    checkTransactions(chain, sent, device, findings);
    if (agreed === undefined) agreed = { miner: device, hashes };
    else {
      const differ = hashes.findIndex((hash, at) => hash !== agreed?.hashes[at]);
      if (differ >= 0 || hashes.length !== agreed.hashes.length)
        findings.add(
          `miners ${agreed.miner} and ${device} end on different chains (from block ${differ >= 0 ? differ : Math.min(hashes.length, agreed.hashes.length)} on)`,
        );
    }
  });
  if (live === 0) findings.add('no miner survived');
  const forks = [...heights.values()].reduce((sum, count) => sum + count - 1, 0);
  const final = parsed.find((result) => result?.role === 'miner');
  const confirmed = final?.role === 'miner' ? final.chain.flatMap((block) => block.transactions).filter((tx) => sent.has(tx)).length : 0;
  return findings.verdict(
    `${live} miners agree on one ${length}-block chain (proof of work: ${difficulty} zero bits); ${confirmed} client transactions in it, each once; ` +
      `${counted(forks, 'competing block')} seen on the wire, every fork resolved`,
  );
}

function checkTransactions(chain: readonly Block[], sent: ReadonlySet<string>, miner: number, findings: Findings): void {
  const counted = new Map<string, number>();
  chain.forEach((block, at) => {
    if (at === 0) return;
    const [reward, ...rest] = block.transactions;
    if (reward !== incentive(block.miner)) findings.add(`miner ${miner}'s block ${at} does not start with its miner's incentive`);
    for (const transaction of rest) {
      if (!sent.has(transaction)) findings.add(`miner ${miner}'s block ${at} holds '${transaction}', which no client sent`);
      counted.set(transaction, (counted.get(transaction) ?? 0) + 1);
    }
  });
  for (const [transaction, times] of counted) if (times > 1) findings.add(`miner ${miner}'s chain holds '${transaction}' ${times} times`);
}
