import { createInterface, type Interface } from 'node:readline';

/** Reads answers one line at a time from a terminal or a pipe; buffered, so piped lines are never lost. */
export interface LineReader {
  /** Writes the prompt and resolves with the next line, or null at the end of input. */
  ask(prompt: string): Promise<string | null>;
  close(): void;
  /** True once Ctrl-C was pressed (at a terminal) or the process got SIGINT; `ask` then returns null. */
  readonly interrupted: boolean;
}

export function createLineReader(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): LineReader {
  const terminal = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines: Interface = createInterface({ input, output, terminal, crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    lines.close();
  };
  // At a terminal readline turns Ctrl-C into its own SIGINT event; elsewhere the process gets the signal.
  lines.on('SIGINT', interrupt);
  process.once('SIGINT', interrupt);
  return {
    get interrupted() {
      return interrupted;
    },
    async ask(prompt) {
      output.write(prompt);
      const next = await iterator.next();
      if (next.done) {
        output.write('\n');
        return null;
      }
      // A pipe does not echo: show the answer so the transcript reads like a session.
      if (!terminal) output.write(`${next.value}\n`);
      return next.value;
    },
    close() {
      process.off('SIGINT', interrupt);
      lines.close();
    },
  };
}
