import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStandardBank } from '@kefu/quiz-bank';
import type { Item } from '@kefu/scoring';
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

describe('kefu quiz run', () => {
  it('prints explained feedback, takes a retry with its penalty and saves a passed attempt when answers are piped in', async () => {
    const items = onboarding?.items.map((reference) => reference.id) ?? [];
    expect(items[0]).toBe('greeting.opening');
    const answers = [
      '喂,说话呀!', // greeting.opening, first try: forbidden phrases
      typedModelAnswer('greeting.opening'), // the retry
      ...items.slice(1).map(typedModelAnswer),
    ];
    const run = await runKefu(['--data-dir', dataDir, 'quiz', 'run', 'onboarding', '--trainee', 'li.na'], {
      input: `${answers.join('\n')}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('[1/8] greeting.opening · script');
    expect(run.stdout).toContain('✗ 不正确  得分 0.0%');
    expect(run.stdout).toContain('⚠ 说"喂"「喂」(直接判为不通过)');
    expect(run.stdout).toContain('✗ 缺少:问候"您好" — 开口先说"您好"。');
    expect(run.stdout).toContain('再试一次(第 2/3 次,最多得 75.0%)');
    expect(run.stdout).toContain('✓ 问候"您好"「您好」');
    expect(run.stdout).toContain('重答扣分 25.0% → 本题得分 75.0%');
    expect(run.stdout).toContain('✓ 选对了');
    expect(run.stdout).toMatch(/总分 96\.9% — 通过/);
    expect(run.stdout).toMatch(/Saved attempt [0-9a-f-]{36} for li\.na/);
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
    expect(run.stdout).toMatch(/\? "Z" is not one of the (letters|numbers) shown or an option id/);
    expect(run.stdout).toContain('Input ended after 0 of');
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
      items: { itemId: string; responses: number; meanTries: number; firstTryPassRate: number }[];
      skills: { trainee: string; skill: string; rating: number }[];
    };
    expect(report.trainees.map((row) => [row.trainee, row.attempts, row.passed])).toEqual([
      ['li.na', 1, 1],
      ['zhao.lei', 1, 0],
    ]);
    const opening = report.items.find((row) => row.itemId === 'greeting.opening');
    expect(opening).toMatchObject({ responses: 2, meanTries: 1.5, firstTryPassRate: 0 });
    expect(report.skills.some((row) => row.trainee === 'li.na' && row.rating > 1500)).toBe(true);

    const text = await runKefu(['--data-dir', dataDir, 'report', '--trainee', 'li.na']);
    expect(text.stdout).toContain('Trainees');
    expect(text.stdout).toMatch(/li\.na\s+1\s+1\s+1\s+96\.9%/);
    expect(text.stdout).not.toContain('zhao.lei');

    const html = join(dataDir, '..', 'report.html');
    const page = await runKefu(['--data-dir', dataDir, 'report', '--html', html]);
    expect(page.code).toBe(0);
    const content = readFileSync(html, 'utf8');
    expect(content).toContain('<svg');
    expect(content).toContain('zhao.lei');
    expect(content).toContain('greeting.opening');
  });
});
