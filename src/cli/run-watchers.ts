import { messageOf } from '../common/index.js';
import type { IsolatedOutcome, StepView } from '../emulator/index.js';
import { collectEvents, openStepperPage, writeDiagram, type RunEvent, type RunPage } from '../ui/index.js';
import type { ExerciseOptions } from './exercise-options.js';
import { interruptSignal } from './interrupt.js';
import { announce } from './web-options.js';

/**
 * Who watches an exercise run besides the terminal: the web stepper (`--ui`) and the Lamport
 * diagram written after it (`--diagram`). Both follow the engine's views.
 */
export interface RunWatchers {
  readonly page: RunPage | undefined;
  /** Whether the engine must send views. */
  readonly views: boolean;
  readonly onView: (view: StepView) => void;
  readonly say: (line: string) => void;
  /** The run ended: the page shows how, the diagram is written, and a page still open keeps us here. */
  ended(outcome: IsolatedOutcome): Promise<void>;
  failed(error: unknown): void;
  close(): Promise<void>;
}

export async function watchRun(options: ExerciseOptions, title: string, devices: number): Promise<RunWatchers> {
  const page = options.ui ? await openStepperPage(title, devices, { host: options.host, port: options.port }) : undefined;
  if (page) process.stderr.write(`${announce('the web stepper', page.url, options.host)}\n`);
  const collected = page === undefined && options.diagram !== undefined ? collectEvents() : undefined;
  const events = (): readonly RunEvent[] => page?.events() ?? collected?.events ?? [];
  return {
    page,
    views: page !== undefined || collected !== undefined,
    onView: (view) => (page ?? collected)?.onView(view),
    say: (line) => {
      process.stderr.write(`${line}\n`);
      page?.say(line);
    },
    ended: async (outcome) => {
      const { report } = outcome;
      page?.finish({
        ok: report.check.passed !== false,
        details: `${report.check.passed === null ? 'not checked' : report.check.passed ? 'check passed' : 'check FAILED'}: ${report.check.details}`,
        rounds: report.rounds,
        total: report.messages.total,
        perType: report.messages.perType,
      });
      if (options.diagram !== undefined) await writeDiagram(options.diagram, events(), title, devices);
    },
    failed: (error) => page?.finish({ ok: false, details: `the run failed: ${messageOf(error)}` }),
    close: async () => {
      if (page === undefined) return;
      if (page.watchers() > 0) {
        process.stderr.write('fnsync: the run is over; the page stays up for a look until it is closed (or Ctrl-C)\n');
        // Ctrl-C here ends the look, not a run: nothing is left to clean up.
        const interrupt = interruptSignal();
        try {
          await page.linger(interrupt.signal);
        } finally {
          interrupt.dispose();
        }
      }
      await page.close();
    },
  };
}
