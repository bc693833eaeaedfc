import type { CommandSource, StepView } from '../emulator/index.js';
import { Board } from './board.js';
import type { Ending } from './board-messages.js';
import type { RunEvent } from './run-model.js';
import { devicesIn } from './trace-file.js';
import { webCommands } from './web-commands.js';
import { serveBoard, type BoardServer } from './web-server.js';

export interface RunPage {
  readonly url: string;
  /** The stepper's commands, from every open page. */
  readonly commands: CommandSource;
  /** Every event so far. */
  readonly events: () => readonly RunEvent[];
  readonly onView: (view: StepView) => void;
  readonly say: (line: string) => void;
  readonly finish: (ending: Ending) => void;
  /** Waits while a page is open (the run is over and someone is still looking), or until `signal`. */
  linger(signal: AbortSignal): Promise<void>;
  watchers(): number;
  close(): Promise<void>;
}

interface Where {
  readonly host: string;
  readonly port: number;
}

function pageOf(board: Board, server: BoardServer, commands: CommandSource): RunPage {
  return {
    url: server.url,
    commands,
    events: () => board.all,
    onView: (view) => board.apply(view),
    say: (line) => board.say(line),
    finish: (ending) => board.finish(ending),
    linger: (signal) => server.untilUnwatched(signal),
    watchers: () => server.watchers(),
    close: () => server.close(),
  };
}

/** The web stepper of a run about to start: commands from the page, views from the engine. */
export async function openStepperPage(title: string, devices: number, where: Where): Promise<RunPage> {
  const board = new Board({ title, devices, readOnly: false });
  const { source, push } = webCommands();
  const server = await serveBoard({ board, ...where, onCommands: push });
  return pageOf(board, server, source);
}

/** A saved trace, read-only, with time travel (`fnsync view`). */
export async function openTracePage(title: string, events: readonly RunEvent[], where: Where): Promise<RunPage> {
  const board = new Board({ title, devices: devicesIn(events), readOnly: true }, events);
  board.finish({ ok: true, details: `a saved trace of ${events.length} events` });
  const server = await serveBoard({ board, ...where });
  return pageOf(board, server, { next: () => Promise.resolve(null), close: () => undefined });
}
