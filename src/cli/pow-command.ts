import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { addBrokerOptions } from './broker-options.js';
import { CheckFailedError, InfrastructureError, UsageError, abortable } from '../common/index.js';
import { FAAS_PLATFORMS, createRuntime, type FunctionRuntime } from '../orchestrator/index.js';
import {
  PowService,
  checkTrace,
  describeSecret,
  provesWork,
  readTrace,
  trailingZeros,
  writeTrace,
  type MineResult,
  type PowClient,
  type PowServiceReport,
  type Violation,
} from '../pow/index.js';
import { interruptSignal } from './interrupt.js';
import { collect, parseOptions } from './parse-options.js';
import { PowOptions, powRequests, type PowRequest } from './pow-options.js';
import { Progress, onTerminal } from './progress.js';
import { resolveBroker } from './resolve-broker.js';
import { addFaasOptions, faasTarget } from './faas-options.js';

interface Answer {
  client: string;
  result: Extract<MineResult, { ok: true }>;
}

export function registerPowCommand(program: Command): void {
  const pow = program
    .command('pow')
    .description('distributed proof of work (seed 003): a coordinator and 2^k workers find secrets whose MD5 ends in zeros')
    .option('--workers <n>', 'worker functions, a power of two from 1 to 256', '4')
    .option(
      '--nonce <bytes>',
      'a request: bytes such as 1,2,3,4, or 1,2,3,4@ZEROS; repeat for more (default: the seed sample client)',
      collect,
      [],
    )
    .option('--zeros <n>', 'trailing zero hex digits the MD5 must end in (1-32)')
    .option('--clients <n>', 'clients; each sends every request', '1')
    .option('--runtime <name>', `where functions run: isolate, local, inline, ${FAAS_PLATFORMS.map((p) => p.name).join(', ')}`, 'isolate')
    .option('--timeout <ms>', 'limit for the whole service', '600000')
    .option('--trace <file>', 'write the trace as JSON lines there, and a ShiViz log beside it, then check it')
    .option('--json', 'print one JSON object on stdout (logs stay on stderr)', false)
    .option('--run-id <id>', 'name the run: its queues and connections are fnsync.<id>.* (default: random)')
    .addOption(hiddenCrashOption(program));
  addFaasOptions(addBrokerOptions(pow, { replicated: false })).action(async (raw: unknown) => {
    await mineCommand(parseOptions(PowOptions, raw));
  });
  pow
    .command('check <trace>')
    .description("verify a pow trace (JSON lines) against the seed's rules and the cache's; one line per violation")
    .option('--json', 'print one JSON object on stdout', false)
    .action(async (path: string, raw: { json?: boolean }) => {
      const records = await readTrace(path);
      const violations = checkTrace(records);
      const requests = new Set(records.map((r) => r.Request)).size;
      if (raw.json === true)
        process.stdout.write(`${JSON.stringify({ passed: violations.length === 0, actions: records.length, requests, violations })}\n`);
      else process.stdout.write(checkText(violations, records.length, requests));
      if (violations.length > 0) throw new CheckFailedError(`${path}: ${violations.length} rule violations`);
    });
}

function hiddenCrashOption(program: Command) {
  return program.createOption('--crash-worker <n>', 'a fault for tests: this worker crashes on its first order').hideHelp();
}

async function mineCommand(options: PowOptions): Promise<void> {
  const requests = powRequests(options);
  if (typeof requests === 'string') throw new UsageError(requests);
  const bar = new Progress({ enabled: !options.json && onTerminal() });
  bar.phase('looking for the broker');
  const broker = await resolveBroker(options.amqp, false);
  const interrupt = interruptSignal();
  let runtime: FunctionRuntime | undefined;
  let service: PowService | undefined;
  const startedAt = performance.now();
  try {
    runtime = createRuntime(options.runtime, { amqpUrl: broker.url, faas: faasTarget(options) });
    bar.phase(`starting a coordinator and ${options.workers} workers`);
    service = await PowService.start({
      amqpUrl: broker.url,
      workers: options.workers,
      runtime,
      timeoutMs: options.timeout,
      runId: options.runId,
      crashWorker: options.crashWorker,
    });
    const clients: PowClient[] = [];
    for (let c = 0; c < options.clients; c++)
      clients.push(await service.connect({ name: `client${c}`, requestTimeoutMs: options.timeout }));
    const total = clients.length * requests.length;
    const answers: Answer[] = [];
    bar.update(0, total, 'requests answered');
    const stop = AbortSignal.any([interrupt.signal]);
    await abortable(
      Promise.race([
        service.failure,
        Promise.all(
          clients.map((client) =>
            collectAnswers(client, requests, (answer) => {
              answers.push(answer);
              bar.update(answers.length, total, 'requests answered');
              if (bar.enabled) bar.line(answerLine(answer));
            }),
          ),
        ),
      ]),
      stop,
    );
    bar.phase('stopping the service');
    const report = await service.close();
    const trace = options.trace === undefined ? undefined : await saveTrace(options.trace, service);
    service = undefined;
    bar.finish();
    const totalMs = performance.now() - startedAt;
    if (options.json) process.stdout.write(`${JSON.stringify(jsonReport(options, report, answers, totalMs, trace))}\n`);
    // On a terminal each answer was already shown as it came.
    else process.stdout.write(summary(options, report, bar.enabled ? [] : answers, totalMs, trace));
    const wrong = answers.filter((a) => !provesWork(a.result.nonce, a.result.secret, a.result.zeros));
    if (wrong.length > 0) throw new CheckFailedError(`${wrong.length} secrets do not prove the work`);
    if (trace && trace.violations.length > 0)
      throw new CheckFailedError(`the trace breaks ${trace.violations.length} rules: ${trace.violations.map((v) => v.rule).join(', ')}`);
  } finally {
    bar.finish();
    interrupt.dispose();
    await service?.close().catch(() => undefined);
    await runtime?.close();
    await broker.dispose();
  }
}

/** One client's requests, sent at once; its answers as they complete. A failed request fails the command. */
async function collectAnswers(client: PowClient, requests: readonly PowRequest[], onAnswer: (answer: Answer) => void): Promise<void> {
  for (const request of requests) client.mine(request.nonce, request.zeros);
  let left = requests.length;
  for await (const result of client.results()) {
    if (!result.ok)
      throw new InfrastructureError(`${result.request} ([${result.nonce.join(' ')}], ${result.zeros} zeros) failed: ${result.error}`);
    onAnswer({ client: client.name, result });
    if (--left === 0) return;
  }
}

async function saveTrace(path: string, service: PowService): Promise<{ jsonl: string; shiviz: string; violations: Violation[] }> {
  const files = await writeTrace(path, service.trace);
  return { ...files, violations: checkTrace(service.trace) };
}

const hashRate = (hashes: number, ms: number): number => (ms > 0 ? (hashes / ms) * 1000 : 0);

function answerLine({ client, result }: Answer): string {
  const how = result.cached
    ? 'from the cache'
    : `${(result.hashes / 1e6).toFixed(1)} M hashes, ${(hashRate(result.hashes, result.elapsedMs) / 1e6).toFixed(2)} MH/s`;
  return `${client} [${result.nonce.join(' ')}] ${result.zeros} zeros: secret ${describeSecret(result.secret)} in ${(result.elapsedMs / 1000).toFixed(2)} s (${how})`;
}

function summary(
  options: PowOptions,
  report: PowServiceReport,
  answers: readonly Answer[],
  totalMs: number,
  trace: { jsonl: string; shiviz: string; violations: Violation[] } | undefined,
): string {
  const lines = answers.map(answerLine);
  const hashes = report.hashes.reduce((a, b) => a + b, 0);
  const traceText =
    trace === undefined
      ? ''
      : `; trace ${trace.jsonl} and ${trace.shiviz}: ${trace.violations.length === 0 ? 'every rule holds' : `${trace.violations.length} violations`}`;
  lines.push(
    `OK: ${report.requests} requests on ${report.workers} workers (${options.runtime}), ${report.cacheHits} from the cache; ` +
      `${(hashes / 1e6).toFixed(1)} M hashes in ${(totalMs / 1000).toFixed(2)} s, ${(hashRate(hashes, totalMs) / 1e6).toFixed(2)} MH/s (run ${report.runId})${traceText}`,
  );
  for (const violation of trace?.violations ?? []) lines.push(`${violation.rule}: ${violation.message}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(
  options: PowOptions,
  report: PowServiceReport,
  answers: readonly Answer[],
  totalMs: number,
  trace: { jsonl: string; shiviz: string; violations: Violation[] } | undefined,
): unknown {
  const hashes = report.hashes.reduce((a, b) => a + b, 0);
  return {
    runId: report.runId,
    workers: report.workers,
    runtime: options.runtime,
    clients: options.clients,
    results: answers.map(({ client, result }) => ({
      client,
      request: result.request,
      nonce: result.nonce,
      zeros: result.zeros,
      secret: result.secret,
      secretHex: Buffer.from(result.secret).toString('hex'),
      trailingZeros: trailingZeros(result.nonce, result.secret),
      cached: result.cached,
      elapsedMs: Math.round(result.elapsedMs),
      hashes: result.hashes,
    })),
    cacheHits: report.cacheHits,
    hashes: { total: hashes, perWorker: report.hashes },
    hashRate: Math.round(hashRate(hashes, totalMs)),
    totalMs: Math.round(totalMs),
    lost: report.lost,
    trace,
  };
}

function checkText(violations: readonly Violation[], actions: number, requests: number): string {
  if (violations.length === 0) return `OK: ${actions} actions, ${requests} requests: every rule holds\n`;
  return `${violations.map((v) => `${v.rule}: ${v.message}`).join('\n')}\nFAILED: ${violations.length} violations in ${actions} actions\n`;
}
