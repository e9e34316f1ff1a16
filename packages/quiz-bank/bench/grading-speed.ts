/**
 * Script answers graded per second on one core, against a baseline of plain substring search
 * (`String.prototype.includes` of every phrase piece) over the same answers in the same run.
 * Usage: npx tsx bench/grading-speed.ts [labels.jsonl] [seconds]
 */
import { existsSync, readFileSync } from 'node:fs';
import { gradeScriptAnswer, parseAnswerLines } from '@kefu/scoring';
import { loadStandardBank } from '../src/index.js';

const bank = loadStandardBank();
const path =
  process.argv[2] ?? new URL('../../../../shared/labels/script-answers.dev.jsonl', import.meta.url).pathname;
const seconds = Number(process.argv[3] ?? 3);

let answers: { item: string; answer: string }[];
if (existsSync(path)) {
  answers = parseAnswerLines(readFileSync(path, 'utf8'), path);
} else {
  // Without the labels: the model answers and a few variations of each.
  answers = bank.items.flatMap((item) =>
    item.type === 'script'
      ? [
          item.modelAnswer,
          item.modelAnswer.replaceAll(',', ''),
          `喂,${item.modelAnswer}`,
          item.modelAnswer.slice(0, 8),
        ].map((answer) => ({ item: item.id, answer }))
      : [],
  );
}
const jobs = answers.flatMap(({ item, answer }) => {
  const rubric = bank.rubricFor(item);
  return rubric ? [{ rubric, answer }] : [];
});
if (jobs.length === 0) throw new Error('no answers for the standard script items');

function run(label: string, work: (job: (typeof jobs)[number]) => unknown): number {
  for (let i = 0; i < jobs.length * 20; i++) work(jobs[i % jobs.length] as (typeof jobs)[number]);
  let count = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (const job of jobs) work(job);
    count += jobs.length;
  }
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Per CPU-second: on a shared machine the wall clock also counts time other processes ran.
  const perSecond = count / cpuSeconds;
  console.log(
    `${label.padEnd(34)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} answers per CPU-second` +
      ` (${Math.round(count / wall).toLocaleString('en-US')} per wall-clock second)`,
  );
  return perSecond;
}

console.log(`${jobs.length} distinct answers, ${seconds} s per measurement, one core`);
const graded = run('gradeScriptAnswer', (job) => gradeScriptAnswer(job.rubric, job.answer));
const baseline = run('baseline: substring search', (job) => {
  let found = 0;
  for (const concept of job.rubric.concepts) {
    for (const sequence of concept.sequences)
      if (job.answer.includes(sequence.pieces[0]?.text ?? '')) found++;
  }
  for (const concept of job.rubric.forbidden) {
    for (const sequence of concept.sequences)
      if (job.answer.includes(sequence.pieces[0]?.text ?? '')) found++;
  }
  return found;
});
console.log(`grading costs ${(baseline / graded).toFixed(1)}× the substring baseline`);

// Correct answers only (the model answers): every concept is found at once, nothing looser is tried.
const modelJobs = bank.items.flatMap((item) =>
  item.type === 'script' ? [{ rubric: item.compiled, answer: item.modelAnswer }] : [],
);
jobs.splice(0, jobs.length, ...modelJobs);
run('gradeScriptAnswer, model answers', (job) => gradeScriptAnswer(job.rubric, job.answer));
