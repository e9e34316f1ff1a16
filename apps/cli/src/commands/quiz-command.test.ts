import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishFirstOwnerAnswerC } from '../test-support/publish-item-version.js';
import { runKefu } from '../test-support/run-kefu.js';

const standardBank = fileURLToPath(new URL('../../../../packages/quiz-bank', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'kefu-quiz-'));

const validItems = `items:
  - id: demo.greeting
    type: script
    prompt: 请说出开场白。
    modelAnswer: 您好,请问有什么可以帮助您?
    rubric:
      concepts:
        - id: greeting
          label: 问候
          phrases: ['您好']
        - id: offer
          label: 询问需要什么帮助
          phrases: ['有什么{可以|能}{帮助|帮}您']
  - id: demo.choice
    type: single-choice
    prompt: 接听电话时先说什么?
    options:
      - { id: a, text: 您好 }
      - { id: b, text: 喂 }
    answer: a
`;

describe('kefu quiz list, show and validate', () => {
  it('lists the standard quizzes and items when run without options', async () => {
    const run = await runKefu(['quiz', 'list']);
    expect(run.code).toBe(0);
    for (const quiz of ['onboarding', 'phone-etiquette', 'complaints', 'revisits', 'crisis'])
      expect(run.stdout).toContain(quiz);
    expect(run.stdout).toContain('greeting.opening');
  });

  it('shows an item with its model answer and a quiz with its items when asked by id', async () => {
    const item = await runKefu(['quiz', 'show', 'greeting.opening']);
    expect(item.code).toBe(0);
    expect(item.stdout).toContain('greeting.opening · script');
    expect(item.stdout).toContain('model answer: 您好');
    const quiz = await runKefu(['quiz', 'show', 'phone-etiquette', '--json']);
    expect(JSON.parse(quiz.stdout)).toMatchObject({ id: 'phone-etiquette', maxTries: 3 });
  });

  it('exits 2 when the id is neither a quiz nor an item', async () => {
    const run = await runKefu(['quiz', 'show', 'greeting.closing']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no quiz or item "greeting.closing"');
  });

  it('exits 0 when the standard bank is valid', async () => {
    const run = await runKefu(['quiz', 'validate', standardBank]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid — \d+ items, 5 quizzes/);
  });

  it('prints each problem as file:line:column and exits 1 when an item file is invalid', async () => {
    const file = join(directory, 'broken.yaml');
    writeFileSync(
      file,
      validItems.replace("phrases: ['您好']", 'phrases: []').replace('answer: a', 'answer: c'),
    );
    const run = await runKefu(['quiz', 'validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^${file}:\\d+:\\d+: items\\.0\\.rubric\\.concepts\\.0\\.phrases: `, 'm'),
    );
    expect(run.stdout).toMatch(
      new RegExp(`^${file}:\\d+:\\d+: items\\.1\\.answer: answer "c" is not an option id`, 'm'),
    );
    const syntax = join(directory, 'syntax.yaml');
    writeFileSync(syntax, 'items:\n  - id: x\n    prompt: [unclosed\n');
    const bad = await runKefu(['quiz', 'validate', syntax]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^${syntax}:\\d+:\\d+: `, 'm'));
  });

  it('grades against a trainer bank directory when --bank is given', async () => {
    const bank = join(directory, 'bank');
    mkdirSync(join(bank, 'items'), { recursive: true });
    writeFileSync(join(bank, 'items', 'demo.yaml'), validItems);
    expect((await runKefu(['quiz', 'validate', bank])).code).toBe(0);
    const run = await runKefu(['quiz', 'grade', '--bank', bank, '--answers', '-', '--json'], {
      input: `${JSON.stringify({ id: 1, item: 'demo.greeting', answer: '您好,有什么能帮您?' })}\n${JSON.stringify({ id: 2, item: 'demo.choice', answer: 'B' })}\n`,
    });
    expect(run.code).toBe(0);
    const [first, second] = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first).toMatchObject({ id: '1', score: 1, passed: true });
    expect(second).toMatchObject({ id: '2', score: 0, passed: false });
  });

  it('validates the items and quiz of docs/training.md when they are written to a bank', async () => {
    const guide = readFileSync(new URL('../../../../docs/training.md', import.meta.url), 'utf8');
    const [script, objective, quiz] = [...guide.matchAll(/```yaml[^\n]*\n([\s\S]*?)```/g)].map(
      (match) => match[1] as string,
    );
    const bank = join(directory, 'guide');
    mkdirSync(join(bank, 'items'), { recursive: true });
    mkdirSync(join(bank, 'quizzes'), { recursive: true });
    writeFileSync(join(bank, 'items', 'guide.yaml'), `${script}\n${objective}`);
    writeFileSync(join(bank, 'quizzes', 'guide.yaml'), quiz as string);
    const run = await runKefu(['quiz', 'validate', bank]);
    expect(run.stdout + run.stderr).toContain('valid — 4 items, 1 quizzes');
    expect(run.code).toBe(0);
  });

  it('exits 2 when the path to validate does not exist', async () => {
    const run = await runKefu(['quiz', 'validate', join(directory, 'nowhere')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file or directory');
  });
});

describe('kefu quiz show: which item versions it shows', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'kefu-show-published-')), 'data');

  beforeAll(async () => {
    await publishFirstOwnerAnswerC(dataDir);
  });

  it('shows the published version of an item and the new quiz version when the database holds them', async () => {
    const item = await runKefu(['--data-dir', dataDir, 'quiz', 'show', 'complaint.first-owner'], {
      cwd: directory,
    });
    expect(item.code, item.stderr).toBe(0);
    expect(item.stdout).toContain(
      'complaint.first-owner · single-choice · skill complaint-handling · version 2',
    );
    expect(item.stdout).toContain('model answer: c');
    expect(item.stderr).toBe(
      `kefu: items from the standard bank with the item versions published in ${dataDir}\n`,
    );
    const quiz = await runKefu(['--data-dir', dataDir, 'quiz', 'show', 'complaints', '--json'], {
      cwd: directory,
    });
    expect(JSON.parse(quiz.stdout)).toMatchObject({ id: 'complaints', version: 2 });
  });

  it('shows the item as the bank writes it when --bank is given or no database is configured', async () => {
    const withBank = await runKefu([
      '--data-dir',
      dataDir,
      'quiz',
      'show',
      'complaint.first-owner',
      '--bank',
      standardBank,
    ]);
    expect(withBank.code, withBank.stderr).toBe(0);
    expect(withBank.stdout).toContain('model answer: b');
    expect(withBank.stdout).not.toContain('version');
    expect(withBank.stderr).toBe(`kefu: items from ${standardBank} as written\n`);
    const withoutDatabase = await runKefu(['quiz', 'show', 'complaint.first-owner', '--json'], {
      cwd: directory,
    });
    expect(withoutDatabase.code, withoutDatabase.stderr).toBe(0);
    expect(JSON.parse(withoutDatabase.stdout)).toMatchObject({
      id: 'complaint.first-owner',
      modelAnswer: 'b',
    });
    expect(withoutDatabase.stderr).toBe(
      'kefu: items from the standard bank as written (no database configured)\n',
    );
  });
});
