import type { Command } from 'commander';
import { z } from 'zod';
import { openTracePage, readTraceFile, writeDiagram } from '../ui/index.js';
import { interruptSignal } from './interrupt.js';
import { parseOptions } from './parse-options.js';
import { WebOptions, addWebOptions, announce } from './web-options.js';
import { assertWritable } from './writable.js';

const ViewOptions = z.strictObject({ ...WebOptions, diagram: z.string().min(1).optional() });

export function registerViewCommand(program: Command): void {
  const view = program
    .command('view')
    .description('open a saved trace (exercise --trace) in the web page, read-only, with time travel; or write its Lamport diagram')
    .argument('<trace.jsonl>', 'a trace written by fnsync exercise --trace')
    .option('--diagram <file.svg>', 'write the Lamport diagram and exit instead of serving the page');
  addWebOptions(view).action(async (path: string, raw: Record<string, unknown>) => {
    const options = parseOptions(ViewOptions, raw);
    const events = await readTraceFile(path);
    if (options.diagram !== undefined) {
      await assertWritable(options.diagram, 'diagram');
      await writeDiagram(options.diagram, events, path);
      return;
    }
    const page = await openTracePage(path, events, { host: options.host, port: options.port });
    process.stderr.write(`${announce(`the trace ${path}`, page.url, options.host)}; Ctrl-C quits\n`);
    // Serving is all this command does: Ctrl-C is its normal end (exit 0), not an interrupted run.
    const interrupt = interruptSignal();
    try {
      await new Promise<void>((resolve) => interrupt.signal.addEventListener('abort', () => resolve(), { once: true }));
    } finally {
      interrupt.dispose();
      await page.close();
    }
  });
}
