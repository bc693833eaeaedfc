import { emitKeypressEvents } from 'node:readline';
import type { CommandSource } from './command-source.js';

interface Key {
  readonly name?: string;
  readonly sequence?: string;
  readonly ctrl?: boolean;
}

/** What a single key means; `pick` and `line` open a prompt that Enter ends. */
export type KeyMeaning = { readonly command: string } | { readonly prompt: 'pick' | 'line' } | { readonly interrupt: true } | null;

/**
 * The seed stepper's keys, as far as they fit the commands: space or Enter steps, f
 * fast-forwards, Tab (or q) lists the queue, s picks (then a number and Enter), e swaps sync and
 * async, x exits stepping, and `:` takes a whole command line (`queue 2`, `ff 5`).
 */
export function meaningOf(key: Key): KeyMeaning {
  if (key.ctrl && key.name === 'c') return { interrupt: true };
  switch (key.name ?? key.sequence) {
    case 'space':
    case 'return':
    case 'enter':
      return { command: 'step' };
    case 'f':
      return { command: 'ff' };
    case 'tab':
    case 'q':
      return { command: 'queue' };
    case 'e':
      return { command: 'swap' };
    case 'x':
      return { command: 'exit' };
    case 's':
    case 'p':
      return { prompt: 'pick' };
    case ':':
      return { prompt: 'line' };
    case '?':
    case 'h':
      return { command: 'help' };
    default:
      return key.sequence === ':' ? { prompt: 'line' } : key.sequence === '?' ? { command: 'help' } : null;
  }
}

/** Commands from single keys on a terminal (raw mode); a pipe uses `lineSource` instead. */
export function terminalSource(input: NodeJS.ReadStream, echo: (text: string) => void): CommandSource {
  const ready: string[] = [];
  const waiters: ((line: string | null) => void)[] = [];
  let prompt: { kind: 'pick' | 'line'; text: string } | null = null;
  const emit = (command: string): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(command);
    else ready.push(command);
  };
  const onKey = (_text: string | undefined, key: Key | undefined): void => {
    if (!key) return;
    if (key.ctrl && key.name === 'c') {
      // Raw mode swallows Ctrl-C; hand it back so that the run is cancelled and cleaned up.
      process.kill(process.pid, 'SIGINT');
      return;
    }
    if (prompt) {
      if (key.name === 'return' || key.name === 'enter') {
        echo('\n');
        emit(prompt.kind === 'pick' ? `pick ${prompt.text}` : prompt.text);
        prompt = null;
      } else if (key.name === 'escape') {
        echo(' (cancelled)\n');
        prompt = null;
      } else if (key.name === 'backspace') {
        prompt.text = prompt.text.slice(0, -1);
      } else if (key.sequence && key.sequence.length === 1) {
        prompt.text += key.sequence;
        echo(key.sequence);
      }
      return;
    }
    const meaning = meaningOf(key);
    if (meaning === null) return;
    if ('command' in meaning) emit(meaning.command);
    else if ('prompt' in meaning) {
      prompt = { kind: meaning.prompt, text: '' };
      echo(meaning.prompt === 'pick' ? 'pick which message? ' : ':');
    }
  };
  emitKeypressEvents(input);
  input.setRawMode(true);
  input.on('keypress', onKey);
  input.resume();
  return {
    next: () => {
      const command = ready.shift();
      return command !== undefined ? Promise.resolve(command) : new Promise((resolve) => waiters.push(resolve));
    },
    close: () => {
      input.off('keypress', onKey);
      input.setRawMode(false);
      input.pause();
      for (const waiter of waiters.splice(0)) waiter(null);
    },
  };
}
