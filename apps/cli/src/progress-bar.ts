/** A one-line progress bar redrawn in place with `\r`; writes nothing when disabled. */
export interface ProgressBar {
  tick(done: number): void;
  finish(): void;
}

export interface ProgressBarOptions {
  total: number;
  label: string;
  enabled: boolean;
  stream?: NodeJS.WritableStream;
  width?: number;
  /** Milliseconds between redraws (default 80). */
  interval?: number;
  now?: () => number;
}

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  const now = options.now ?? (() => performance.now());
  const interval = options.interval ?? 80;
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let last = 0;
  const draw = (done: number) => {
    const total = Math.max(options.total, 1);
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const seconds = ((now() - started) / 1000).toFixed(1);
    stream.write(
      `\r${options.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${options.total} ${seconds}s`,
    );
  };
  return {
    tick(done) {
      last = done;
      if (!options.enabled) return;
      const time = now();
      if (time - lastDraw < interval && done < options.total) return;
      lastDraw = time;
      draw(done);
    },
    finish() {
      if (!options.enabled) return;
      draw(Math.max(last, options.total));
      stream.write('\n');
    },
  };
}
