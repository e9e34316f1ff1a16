import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemSourceOf, loadStandardBank } from '@kefu/quiz-bank';
import { openStore } from '@kefu/runtime';
import type { Item } from '@kefu/scoring';
import { createTrainingStore } from '@kefu/training-store';
import { describe, expect, it } from 'vitest';
import { runKefu } from '../test-support/run-kefu.js';

const bank = loadStandardBank();
const dataDir = join(mkdtempSync(join(tmpdir(), 'kefu-run-')), 'data');

/** What a trainee who knows the answer types at the prompt: letters for choices, ids for the rest. */
function typedModelAnswer(itemId: string): string {
  const item = bank.item(itemId) as Item;
  const letter = (id: string) =>
    String.fromCharCode(
      65 + (item as { options: { id: string }[] }).options.findIndex((option) => option.id === id),
    );
  switch (item.type) {
    case 'script':
      return item.modelAnswer;
    case 'single-choice':
      return letter(item.answer);
    case 'multiple-choice':
      return item.answer.map(letter).join(' ');
    case 'ordering':
      return (item.answer ?? item.options.map((option) => option.id)).join(' ');
    case 'matching':
      return Object.entries(item.answer)
        .map(([stem, choice]) => `${stem}=${choice}`)
        .join(' ');
  }
}

const onboarding = bank.quiz('onboarding');

/** A bank with one single choice (A right, B a forbidden phrase with its own feedback) in a quiz of `maxTries`. */
function choiceBank(maxTries: number): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'kefu-choice-')), 'bank');
  mkdirSync(join(directory, 'items'), { recursive: true });
  mkdirSync(join(directory, 'quizzes'), { recursive: true });
  writeFileSync(
    join(directory, 'items', 'choices.yaml'),
    `items:
  - id: demo.first
    type: single-choice
    prompt: 接听电话时先说什么?
    options:
      - { id: a, text: 您好，请问有什么可以帮助您 }
      - { id: b, text: 喂，说话呀, feedback: 这是禁语。 }
      - { id: c, text: 喂，说吧 }
    answer: a
    explanation: 开口先说"您好"。
`,
  );
  writeFileSync(
    join(directory, 'quizzes', 'demo.yaml'),
    `id: demo\ntitle: 演示\npassMark: 0.5\nattempts: { maxTries: ${maxTries}, penaltyPerTry: 0.5 }\nitems: [demo.first]\n`,
  );
  return directory;
}

describe('kefu quiz run', () => {
  it('prints explained feedback, takes a retry with its penalty and saves a passed attempt when answers are piped in', async () => {
    const items = onboarding?.items.map((reference) => reference.id) ?? [];
    expect(items[0]).toBe('greeting.opening');
    const answers = [
      '喂，说话呀!', // greeting.opening, first try: forbidden phrases
      typedModelAnswer('greeting.opening'), // the retry
      ...items.slice(1).map(typedModelAnswer),
    ];
    const run = await runKefu(['--data-dir', dataDir, 'quiz', 'run', 'onboarding', '--trainee', 'li.na'], {
      input: `${answers.join('\n')}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('[1/8] 接听来电的开场白 (greeting.opening) · 话术');
    expect(run.stdout).toContain('(输入你要说的话,写在一行里)');
    expect(run.stdout).not.toContain('type what you would say');
    expect(run.stdout).toContain('✗ 不正确  得分 0.0%');
    expect(run.stdout).toContain('⚠ 说"喂"「喂」(直接判为不通过)');
    expect(run.stdout).toContain('✗ 缺少:问候"您好" — 开口先说"您好"。');
    expect(run.stdout).toContain('再试一次(第 2/3 次,最多得 75.0%)');
    expect(run.stdout).toContain('✓ 问候"您好"「您好」');
    expect(run.stdout).toContain('重答扣分 25.0% → 本题得分 75.0%');
    expect(run.stdout).toMatch(/总分 96\.9% — 通过/);
    expect(run.stdout).toMatch(/已保存 li\.na 的作答 [0-9a-f-]{36}/);
  });

  it('exits 1 and saves a failed attempt when the trainee skips the retries and misses the pass mark', async () => {
    const items = onboarding?.items.map((reference) => reference.id) ?? [];
    // every item: a wrong or empty first answer, then Enter to move on
    const answers = items.flatMap((itemId) => [bank.item(itemId)?.type === 'script' ? '您好' : '', '']);
    const run = await runKefu(['--data-dir', dataDir, 'quiz', 'run', 'onboarding', '--trainee', 'zhao.lei'], {
      input: `${answers.join('\n')}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('未通过(及格线 70.0%)');
  });

  it('asks for another answer without using a try when the answer cannot be read', async () => {
    const run = await runKefu(['quiz', 'run', 'crisis', '--trainee', 'wu.min', '--no-save'], {
      input: 'Z\n',
    });
    expect(run.stdout).toContain('? 无法识别「Z」:请输入');
    expect(run.stdout).toContain('输入已结束:完成 0/');
    expect(run.code).toBe(1);
  });

  it('asks how sure the trainee is and prints the certainty-based mark when the quiz uses it', async () => {
    const bank = join(mkdtempSync(join(tmpdir(), 'kefu-cbm-')), 'bank');
    mkdirSync(join(bank, 'items'), { recursive: true });
    mkdirSync(join(bank, 'quizzes'), { recursive: true });
    writeFileSync(
      join(bank, 'items', 'choices.yaml'),
      `items:
  - id: demo.first
    type: single-choice
    prompt: 接听电话时先说什么?
    options: [{ id: a, text: 您好 }, { id: b, text: 喂 }]
    answer: a
  - id: demo.second
    type: single-choice
    prompt: 谁决定客诉的处理方案?
    options: [{ id: a, text: 客服专员 }, { id: b, text: 营销总监 }]
    answer: b
`,
    );
    writeFileSync(
      join(bank, 'quizzes', 'demo.yaml'),
      'id: demo\ntitle: 演示\npassMark: 0.5\nattempts: { maxTries: 1, certaintyBasedMarking: true }\nitems: [demo.first, demo.second]\n',
    );
    const run = await runKefu(['quiz', 'run', 'demo', '--bank', bank, '--trainee', 'cbm', '--no-save'], {
      input: 'A\n3\nA\n4\n2\n',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('把握度计分:答对且非常确定:3 分');
    expect(run.stdout).toContain('? 请输入 1、2 或 3。');
    expect(run.stdout).toContain('把握度计分:答错且比较确定:-2 分');
    expect(run.stdout).toContain('把握度计分(CBM)平均 0.50');
  });

  it('keeps the right answer back until the last try and names it by the letter shown when a choice is wrong', async () => {
    const bank = choiceBank(2);
    const run = await runKefu(['quiz', 'run', 'demo', '--bank', bank, '--trainee', 'ma.li', '--no-save'], {
      input: 'B\nB\n',
    });
    expect(run.code).toBe(1);
    const [firstTry, secondTry] = run.stdout.split('再试一次(第 2/2 次,最多得 50.0%);直接回车跳过。');
    expect(secondTry).toBeDefined();
    expect(firstTry).toContain('✗ 不正确  得分 0.0%');
    expect(firstTry).toContain('→ 这是禁语。');
    expect(firstTry).not.toContain('正确答案');
    expect(firstTry).not.toContain('开口先说');
    expect(secondTry).toContain('→ 正确答案:A. 您好，请问有什么可以帮助您');
    expect(secondTry).toContain('→ 开口先说"您好"。');
    expect(run.stdout).not.toMatch(/正确答案:[a-z]\b/);
  });

  it('shows the right answer once the trainee moves on when tries are left', async () => {
    const bank = choiceBank(3);
    const run = await runKefu(['quiz', 'run', 'demo', '--bank', bank, '--trainee', 'ma.li', '--no-save'], {
      input: 'B\n\n',
    });
    const [firstTry, afterSkip] = run.stdout.split('直接回车跳过。');
    expect(firstTry).not.toContain('正确答案');
    expect(afterSkip).toContain('→ 正确答案:A. 您好，请问有什么可以帮助您');
  });

  it('shows the right answer at once when the pick is right on the first try', async () => {
    const bank = choiceBank(3);
    const run = await runKefu(['quiz', 'run', 'demo', '--bank', bank, '--trainee', 'ma.li', '--no-save'], {
      input: 'A\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ 正确  得分 100.0%');
    expect(run.stdout).toContain('→ 开口先说"您好"。');
    expect(run.stdout).not.toContain('再试一次');
  });

  it('speaks English around the items when --lang en is given', async () => {
    const bank = choiceBank(2);
    const run = await runKefu(
      ['quiz', 'run', 'demo', '--bank', bank, '--trainee', 'ma.li', '--no-save', '--lang', 'en'],
      { input: 'B\nB\n' },
    );
    expect(run.stdout).toContain(
      '演示 (demo) — 1 items, pass mark 50.0%, up to 2 tries an item, −50.0% a retry',
    );
    expect(run.stdout).toContain('[1/1] demo.first · single choice');
    expect(run.stdout).toContain('(one letter, e.g. B)');
    expect(run.stdout).toContain('✗ Incorrect  score 0.0%');
    expect(run.stdout).toContain('Try again (try 2 of 2, worth at most 50.0%); press Enter to move on.');
    expect(run.stdout).toContain('→ right answer: A. 您好，请问有什么可以帮助您');
    expect(run.stdout).toContain('Total 0.0% — not passed (pass mark 50.0%)');
    // the only Chinese left is the item's own text
    for (const chrome of ['再试一次', '得分', '总分', '题目', '正确答案', '一个字母'])
      expect(run.stdout).not.toContain(chrome);
  });

  it('exits 2 naming the languages when --lang is unknown', async () => {
    const run = await runKefu(['quiz', 'run', 'onboarding', '--no-save', '--lang', 'fr']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown language "fr" (use zh-CN or en)');
  });

  it('exits 2 listing the quizzes when the quiz id is unknown', async () => {
    const run = await runKefu(['quiz', 'run', 'no-such-quiz', '--no-save']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown quiz "no-such-quiz" (known: ');
    expect(run.stderr).toContain('phone-etiquette');
  });

  it('reports per-trainee and per-item results as tables, JSON and HTML when attempts are saved', async () => {
    const json = await runKefu(['--data-dir', dataDir, 'report', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      trainees: { trainee: string; attempts: number; passed: number; meanScore: number }[];
      items: {
        itemId: string;
        title: string;
        responses: number;
        meanTries: number;
        firstTryPassRate: number;
      }[];
      skills: { trainee: string; skill: string; rating: number }[];
    };
    expect(report.trainees.map((row) => [row.trainee, row.attempts, row.passed])).toEqual([
      ['li.na', 1, 1],
      ['zhao.lei', 1, 0],
    ]);
    const opening = report.items.find((row) => row.itemId === 'greeting.opening');
    expect(opening).toMatchObject({ responses: 2, meanTries: 1.5, firstTryPassRate: 0 });
    expect(report.skills.some((row) => row.trainee === 'li.na' && row.rating > 1500)).toBe(true);

    expect(opening).toMatchObject({ title: '接听来电的开场白' });

    const text = await runKefu(['--data-dir', dataDir, 'report', '--trainee', 'li.na']);
    expect(text.stdout).toContain('学员\n');
    expect(text.stdout).toMatch(/li\.na\s+1\s+1\s+1\s+96\.9%/);
    expect(text.stdout).toMatch(/接听来电的开场白\s+greeting\.opening\s+话术/);
    expect(text.stdout).not.toContain('zhao.lei');

    const html = join(dataDir, '..', 'report.html');
    const page = await runKefu([
      '--data-dir',
      dataDir,
      'report',
      '--html',
      html,
      '--lang',
      'en',
      '--time-zone',
      'UTC',
    ]);
    expect(page.code).toBe(0);
    const content = readFileSync(html, 'utf8');
    expect(content).toContain('<svg');
    expect(content).toContain('<html lang="en">');
    expect(content).toContain('(UTC)');
    expect(content).toContain('zhao.lei');
    expect(content).toContain('<td>接听来电的开场白</td><td>greeting.opening</td>');

    const badZone = await runKefu(['--data-dir', dataDir, 'report', '--time-zone', 'Mars/Base']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('unknown time zone "Mars/Base"');
  });

  it('grades with the item version a trainer published and records it and the quiz version on the saved attempt', async () => {
    const versionsDir = join(mkdtempSync(join(tmpdir(), 'kefu-versions-')), 'data');
    // the trainer moves complaint.first-owner's answer from b (客服主管) to c (市场部经理)
    const source = itemSourceOf(bank, 'complaint.first-owner') as string;
    expect(source).toMatch(/^answer: b$/m);
    const before = await openStore({ dataDir: versionsDir, backups: false });
    const published = await createTrainingStore(before).publishItemVersion({
      itemId: 'complaint.first-owner',
      source: source.replace(/^answer: b$/m, 'answer: c'),
      item: { id: 'complaint.first-owner' },
      publishedBy: 'liu.yang',
      at: '2026-03-02T09:00:00Z',
      quizzes: [{ quizId: 'onboarding', itemIds: onboarding?.items.map((reference) => reference.id) ?? [] }],
    });
    await before.close();
    expect(published.itemVersion.version).toBe(2);
    expect(published.quizVersions).toMatchObject([{ quizId: 'onboarding', version: 2 }]);

    const items = onboarding?.items.map((reference) => reference.id) ?? [];
    expect(items).toContain('complaint.first-owner');
    const answers = items.map((itemId) =>
      itemId === 'complaint.first-owner' ? 'C' : typedModelAnswer(itemId),
    );
    const run = await runKefu(
      ['--data-dir', versionsDir, 'quiz', 'run', 'onboarding', '--trainee', 'qian.yu'],
      {
        input: `${answers.join('\n')}\n`,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('再试一次');

    const after = await openStore({ dataDir: versionsDir, backups: false });
    try {
      const training = createTrainingStore(after);
      const [attempt] = await training.listAttempts({ trainee: 'qian.yu' });
      const saved = await training.getAttempt(attempt?.id ?? '');
      expect(saved).toMatchObject({ quizId: 'onboarding', quizVersion: 2, passed: true });
      const firstOwner = saved.responses.filter((response) => response.itemId === 'complaint.first-owner');
      expect(firstOwner).toMatchObject([{ tryNumber: 1, itemVersion: 2, passed: true, answer: 'C' }]);
      expect(saved.responses.find((response) => response.itemId === 'greeting.opening')).toMatchObject({
        itemVersion: 1,
      });
    } finally {
      await after.close();
    }
  });
});
