/** Timing helpers shared by the benchmark sections. */

export interface Rate {
  /** Operations per CPU-second of this process (robust on a loaded, shared machine). */
  perCpuSecond: number;
  /** Operations per wall-clock second. */
  perWallSecond: number;
  operations: number;
}

/**
 * Runs `batch` (which does some operations and returns how many) repeatedly for `seconds`, after a warm-up,
 * and returns the rate per CPU-second and per wall-clock second.
 */
export function measureRate(batch: () => number, seconds: number): Rate {
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmUntil) batch();
  let operations = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const until = started + seconds * 1000;
  while (performance.now() < until) operations += batch();
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perCpuSecond: operations / cpuSeconds, perWallSecond: operations / wall, operations };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Measures a subject and its baseline in alternating rounds (so machine load hits both alike) and returns the
 * median CPU-second rate of each.
 */
export function compareRates(
  subject: () => number,
  baseline: () => number,
  options: { rounds: number; seconds: number },
): { subject: number; baseline: number } {
  const subjectRates: number[] = [];
  const baselineRates: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    subjectRates.push(measureRate(subject, options.seconds).perCpuSecond);
    baselineRates.push(measureRate(baseline, options.seconds).perCpuSecond);
  }
  return { subject: median(subjectRates), baseline: median(baselineRates) };
}

/** Runs `worker` on `clients` concurrent loops for `seconds`; returns completed operations per second and latencies. */
export async function runClients(
  clients: number,
  seconds: number,
  worker: (client: number) => Promise<void>,
): Promise<{ perSecond: number; operations: number; latencies: number[] }> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < until) {
        const began = performance.now();
        await worker(client);
        latencies.push(performance.now() - began);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / elapsed,
    operations: latencies.length,
    latencies: latencies.sort((a, b) => a - b),
  };
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
