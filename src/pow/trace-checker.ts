import type { ActionName, TraceRecord } from './actions.js';
import { checkCache } from './cache-rules.js';
import { provesWork } from './proof.js';
import { happenedBefore } from './vector-clock.js';
import { describe, type Violation } from './violation.js';

export type { Violation } from './violation.js';

const POWLIB: readonly ActionName[] = ['PowlibMiningBegin', 'PowlibMine', 'PowlibSuccess', 'PowlibMiningComplete'];
const WORKER_SIDE: readonly ActionName[] = ['WorkerMine', 'WorkerResult', 'WorkerCancel'];
const PER_WORKER: readonly ActionName[] = [
  'CoordinatorWorkerMine',
  'CoordinatorWorkerResult',
  'CoordinatorWorkerCancel',
  'CoordinatorWorkerLost',
  'WorkerMine',
  'WorkerResult',
  'WorkerCancel',
];

/**
 * The seed's trace rules, per request (a client's `Request` id: two clients may ask for the same
 * nonce and zeros at once), with "before" meaning happened-before by vector clock, plus the cache's
 * rules. Every violation is one line naming its rule and the actions.
 */
export function checkTrace(records: readonly TraceRecord[]): Violation[] {
  const byRequest = new Map<string, TraceRecord[]>();
  for (const record of records) byRequest.set(record.Request, [...(byRequest.get(record.Request) ?? []), record]);
  const violations: Violation[] = [];
  for (const [request, actions] of byRequest) {
    const check = new RequestCheck(request, actions);
    check.run();
    violations.push(...check.violations);
  }
  violations.push(...checkCache(records));
  return violations;
}

/** The rules of one request; each broken one adds a line to `violations`. */
class RequestCheck {
  readonly violations: Violation[] = [];

  constructor(
    private readonly request: string,
    private readonly actions: readonly TraceRecord[],
  ) {}

  run(): void {
    // A crashed worker's own actions reach nobody: the coordinator learns of the crash from the
    // service (CoordinatorWorkerLost), so they are not required before the answer.
    const lost = new Set(this.all('CoordinatorWorkerLost').map((a) => ('WorkerByte' in a ? a.WorkerByte : -1)));
    const heard = this.actions.filter((a) => !(WORKER_SIDE.includes(a.action) && 'WorkerByte' in a && lost.has(a.WorkerByte)));
    const { actions } = this;
    // powlib
    const begin = this.once('powlib-begin-once', 'PowlibMiningBegin');
    this.before('powlib-begin-first', begin, actions);
    const mine = this.once('powlib-mine-once', 'PowlibMine');
    const powlibSuccess = this.once('powlib-success-once', 'PowlibSuccess');
    const complete = this.once('powlib-complete-once', 'PowlibMiningComplete');
    this.before('powlib-mine-before-answer', mine, [powlibSuccess, complete].filter(isRecord));
    this.before('powlib-success-before-complete', powlibSuccess, [complete].filter(isRecord));
    this.after('powlib-complete-last', complete, heard);
    if (complete && !provesWork(complete.Nonce, secretBytes(complete), complete.NumTrailingZeros))
      this.fail('powlib-complete-secret', `[${secretBytes(complete).join(' ')}] does not prove the work: ${describe(complete)}`);

    // coordinator
    const coordinatorActions = actions.filter((a) => !POWLIB.includes(a.action));
    const coordinatorMine = this.once('coordinator-mine-once', 'CoordinatorMine');
    this.before('coordinator-mine-first', coordinatorMine, coordinatorActions);
    const success = this.once('coordinator-success-once', 'CoordinatorSuccess');
    this.after(
      'coordinator-success-last',
      success,
      heard.filter((a) => !POWLIB.includes(a.action)),
    );
    if (success) {
      for (const answer of [powlibSuccess, complete].filter(isRecord)) {
        if (secretOf(answer) !== secretOf(success))
          this.fail('powlib-secret-is-coordinators', `${describe(answer)} differs from ${describe(success)}`);
      }
      this.before('powlib-success-after-coordinator', success, [powlibSuccess].filter(isRecord));
    }

    const lookups = [...this.all('CacheHit'), ...this.all('CacheMiss')];
    if (lookups.length > 1) this.fail('cache-lookup-once', `${lookups.length} cache lookups${listed(lookups)}`);
    const hit = this.all('CacheHit')[0];
    if (hit) {
      const mined = actions.filter((a) => PER_WORKER.includes(a.action));
      if (mined.length > 0) this.fail('cache-hit-no-workers', `answered from the cache, yet workers were involved${listed(mined)}`);
      if (success && secretOf(success) !== secretOf(hit))
        this.fail('cache-hit-secret', `${describe(success)} differs from ${describe(hit)}`);
      return;
    }
    this.workers(success);
  }

  /** The rules per (request, worker byte), and the first result. */
  private workers(success: TraceRecord | undefined): void {
    const perWorker = new Map<number, TraceRecord[]>();
    for (const a of this.actions) if ('WorkerByte' in a) perWorker.set(a.WorkerByte, [...(perWorker.get(a.WorkerByte) ?? []), a]);
    const bytes = [...perWorker.keys()].sort((a, b) => a - b);
    const bits = Math.log2(bytes.length);
    if (bytes.length === 0 || !Number.isInteger(bits) || bytes.some((byte) => byte >= bytes.length))
      this.fail('worker-split', `worker bytes ${bytes.join(', ') || 'none'} are not 0..2^k-1`);
    for (const [byte, list] of perWorker) {
      const what = ` for worker byte ${byte}`;
      const coordinatorMine = this.once('coordinator-worker-mine-once', 'CoordinatorWorkerMine', list, what);
      const lost = this.atMostOnce('coordinator-worker-lost-at-most-once', 'CoordinatorWorkerLost', list, what);
      // A worker lost before its order arrived never started.
      const workerMine = lost
        ? this.atMostOnce('worker-mine-once', 'WorkerMine', list, what)
        : this.once('worker-mine-once', 'WorkerMine', list, what);
      const coordinatorResult = this.atMostOnce('coordinator-worker-result-at-most-once', 'CoordinatorWorkerResult', list, what);
      const cancel = this.atMostOnce('coordinator-worker-cancel-at-most-once', 'CoordinatorWorkerCancel', list, what);
      const workerResult = this.atMostOnce('worker-result-at-most-once', 'WorkerResult', list, what);
      const workerCancel = this.atMostOnce('worker-cancel-at-most-once', 'WorkerCancel', list, what);
      if (!coordinatorResult && !cancel && !lost)
        this.fail('coordinator-result-or-cancel', `neither CoordinatorWorkerResult nor CoordinatorWorkerCancel${what}`);
      if (!workerResult && !workerCancel && !lost) this.fail('worker-result-or-cancel', `neither WorkerResult nor WorkerCancel${what}`);
      this.before('coordinator-worker-mine-first', coordinatorMine, list);
      this.before(
        'worker-mine-first',
        workerMine,
        list.filter((a) => a.node === workerMine?.node),
      );
      if (cancel && !this.actions.some((a) => a.action === 'CoordinatorWorkerResult' && happenedBefore(a.clock, cancel.clock)))
        this.fail('cancel-after-result', `${describe(cancel)} comes before any CoordinatorWorkerResult`);
      for (const result of [coordinatorResult, workerResult].filter(isRecord)) {
        const secret = secretBytes(result);
        if ((secret[0] ?? 0) >> (8 - bits) !== byte)
          this.fail('secret-worker-prefix', `[${secret.join(' ')}] does not start with worker byte ${byte}'s bits: ${describe(result)}`);
        if (!provesWork(result.Nonce, secret, result.NumTrailingZeros))
          this.fail('secret-proves-work', `[${secret.join(' ')}] does not prove the work: ${describe(result)}`);
      }
    }
    // The first result the coordinator recorded, by its own clock, is the answer.
    const first = this.all('CoordinatorWorkerResult').sort((a, b) => ownTime(a) - ownTime(b))[0];
    if (success && !first) this.fail('coordinator-success-first-secret', `${describe(success)} without any CoordinatorWorkerResult`);
    else if (success && first && secretOf(first) !== secretOf(success))
      this.fail('coordinator-success-first-secret', `${describe(success)} does not answer the first result, ${describe(first)}`);
  }

  private fail(rule: string, message: string): void {
    this.violations.push({ rule, message: `${this.request}: ${message}` });
  }

  private all(name: ActionName, list = this.actions): TraceRecord[] {
    return list.filter((a) => a.action === name);
  }

  private once(rule: string, name: ActionName, list = this.actions, what = ''): TraceRecord | undefined {
    const found = this.all(name, list);
    if (found.length !== 1) this.fail(rule, `${name}${what} appears ${found.length} times, not exactly once${listed(found)}`);
    return found[0];
  }

  private atMostOnce(rule: string, name: ActionName, list: readonly TraceRecord[], what: string): TraceRecord | undefined {
    const found = this.all(name, list);
    if (found.length > 1) this.fail(rule, `${name}${what} appears ${found.length} times, at most once allowed${listed(found)}`);
    return found[0];
  }

  /** `first` happened before each of `later` (other than itself). */
  private before(rule: string, first: TraceRecord | undefined, later: readonly TraceRecord[]): void {
    if (first === undefined) return;
    for (const other of later) {
      if (other !== first && !happenedBefore(first.clock, other.clock))
        this.fail(rule, `${describe(first)} is not before ${describe(other)}`);
    }
  }

  /** Each of `earlier` (other than `last` itself) happened before `last`. */
  private after(rule: string, last: TraceRecord | undefined, earlier: readonly TraceRecord[]): void {
    if (last === undefined) return;
    for (const other of earlier) {
      if (other !== last && !happenedBefore(other.clock, last.clock)) this.fail(rule, `${describe(other)} is not before ${describe(last)}`);
    }
  }
}

const ownTime = (record: TraceRecord): number => record.clock[record.node] ?? 0;
const secretBytes = (record: TraceRecord): number[] => ('Secret' in record ? record.Secret : []);
const secretOf = (record: TraceRecord): string => secretBytes(record).join(',');

function isRecord(record: TraceRecord | undefined): record is TraceRecord {
  return record !== undefined;
}

function listed(records: readonly TraceRecord[]): string {
  return records.length === 0 ? '' : `: ${records.map(describe).join('; ')}`;
}
