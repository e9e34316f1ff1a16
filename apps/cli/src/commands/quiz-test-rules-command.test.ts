import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const devLabels = join(repositoryRoot, '../shared/labels/script-answers.dev.jsonl');
const hardLabels = join(repositoryRoot, '../shared/labels/script-answers.dev-hard.jsonl');
const directory = mkdtempSync(join(tmpdir(), 'kefu-rules-'));

describe('kefu quiz test-rules', () => {
  it.skipIf(!existsSync(devLabels))(
    'passes --min-kappa 0.9 when run from the repository root on the shared dev labels (skipped: ../shared/labels/script-answers.dev.jsonl absent)',
    async () => {
      const run = await runKefu(
        ['quiz', 'test-rules', '../shared/labels/script-answers.dev.jsonl', '--min-kappa', '0.9'],
        {
          cwd: repositoryRoot,
        },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain("Cohen's kappa");
      expect(run.stdout).toMatch(/PASS: kappa \d\.\d{3} ≥ 0\.9/);
      const json = await runKefu(['quiz', 'test-rules', devLabels, '--json']);
      const outcome = JSON.parse(json.stdout) as {
        passed: boolean;
        report: { kappa: number; accuracy: number; total: number };
      };
      expect(outcome.report.kappa).toBeGreaterThanOrEqual(0.9);
      console.info(
        `test-rules on the dev labels: ${outcome.report.total} answers, accuracy ${(outcome.report.accuracy * 100).toFixed(1)}%, kappa ${outcome.report.kappa.toFixed(3)}`,
      );
    },
  );

  it.skipIf(!existsSync(hardLabels))(
    'passes --min-kappa 0.85 when run from the repository root on the hard labels (skipped: ../shared/labels/script-answers.dev-hard.jsonl absent)',
    async () => {
      const run = await runKefu(
        ['quiz', 'test-rules', '../shared/labels/script-answers.dev-hard.jsonl', '--min-kappa', '0.85'],
        { cwd: repositoryRoot },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/PASS: kappa \d\.\d{3} ≥ 0\.85/);
    },
  );

  it('exits 1 and explains each disagreement when kappa is below --min-kappa', async () => {
    const file = join(directory, 'mislabelled.jsonl');
    const model = '您好,欢迎致电宏远客户服务热线,客服代表小李很高兴为您服务,请问有什么可以帮助您?';
    writeFileSync(
      file,
      [
        { id: 'r1', item: 'greeting.opening', answer: model, pass: true },
        {
          id: 'r2',
          item: 'greeting.opening',
          answer: '喂,说话呀!',
          pass: true,
          why: 'labelled wrongly on purpose',
        },
        { id: 'r3', item: 'greeting.opening', answer: '您好', pass: false },
        {
          id: 'r4',
          item: 'greeting.reply',
          answer: '您好,请问有什么可以帮助您?',
          pass: false,
          why: 'also wrong on purpose',
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const run = await runKefu(['quiz', 'test-rules', file, '--min-kappa', '0.9']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('disagreements (2)');
    expect(run.stdout).toMatch(/r2 \[greeting\.opening\] label pass, rubric fail: .*forbidden "说"喂""/);
    expect(run.stdout).toContain('marker: labelled wrongly on purpose');
    expect(run.stdout).toContain('r4 [greeting.reply] label fail, rubric pass');
    expect(run.stdout).toMatch(/FAIL: kappa -?\d\.\d{3} < 0\.9/);
  });

  it('exits 2 naming the line when a label is missing or an item is unknown', async () => {
    const file = join(directory, 'bad-labels.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'b1', item: 'greeting.opening', answer: '您好' }),
        JSON.stringify({ id: 'b2', item: 'no.such.item', answer: '您好', pass: true }),
      ].join('\n'),
    );
    const missingLabel = await runKefu(['quiz', 'test-rules', file]);
    expect(missingLabel.code).toBe(2);
    expect(missingLabel.stderr).toContain(`${file}:1: pass: pass must be true or false`);
    writeFileSync(file, JSON.stringify({ id: 'b2', item: 'no.such.item', answer: '您好', pass: true }));
    const unknown = await runKefu(['quiz', 'test-rules', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${file}:1: unknown item "no.such.item"`);
  });

  it('tests the rubrics as written and never opens the database when one is configured', async () => {
    const file = join(directory, 'one-label.jsonl');
    writeFileSync(
      file,
      JSON.stringify({ id: 'g1', item: 'greeting.opening', answer: '您好,请问有什么可以帮您?', pass: true }),
    );
    // a configured data directory that no command could open: test-rules must not try
    const notADatabase = join(directory, 'not-a-database');
    mkdirSync(notADatabase, { recursive: true });
    writeFileSync(join(notADatabase, 'notes.txt'), 'not a database');
    const run = await runKefu(['--data-dir', notADatabase, 'quiz', 'test-rules', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ report: { total: 1 } });
    expect(run.stderr).toBe('kefu: items from the standard bank as written\n');
  });

  it('exits 2 when --min-kappa is not a number', async () => {
    const run = await runKefu(['quiz', 'test-rules', 'x.jsonl', '--min-kappa', 'high']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--min-kappa "high" must be a number from -1 to 1');
  });
});
