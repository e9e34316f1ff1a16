import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress-bar.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createProgressBar', () => {
  it('redraws in place at most once an interval and ends at 100% when enabled', () => {
    const output = sink();
    let time = 0;
    const bar = createProgressBar({
      total: 100,
      label: 'grading',
      enabled: true,
      stream: output.stream,
      interval: 10,
      now: () => time,
    });
    for (let done = 1; done <= 100; done++) {
      time += 1;
      bar.tick(done);
    }
    bar.finish();
    const frames = output.text().split('\r').filter(Boolean);
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.length).toBeLessThan(20);
    expect(frames.at(-1)).toMatch(/^grading \[█{30}\] 100% 100\/100 0\.1s\n$/);
  });

  it('writes nothing when disabled', () => {
    const output = sink();
    const bar = createProgressBar({ total: 10, label: 'grading', enabled: false, stream: output.stream });
    bar.tick(5);
    bar.finish();
    expect(output.text()).toBe('');
  });
});
