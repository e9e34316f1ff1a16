import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  gradeItem,
  gradeScriptAnswer,
  parseLabelledAnswers,
  testRules,
  YamlValidationError,
} from '@kefu/scoring';
import { describe, expect, it } from 'vitest';
import { loadBankFiles, loadStandardBank, validateBank } from './load-bank.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const labelsPath = `${packageDirectory}../../../shared/labels/script-answers.dev.jsonl`;
const hardLabelsPath = `${packageDirectory}../../../shared/labels/script-answers.dev-hard.jsonl`;

const scriptItemIds = [
  'greeting.opening',
  'greeting.reply',
  'address.surname',
  'call.silent',
  'call.speakerphone',
  'call.low-volume',
  'call.noisy-line',
  'call.dialect',
  'revisit.opening',
  'revisit.close-satisfied',
  'revisit.close-unsatisfied',
  'complaint.first-response',
];

describe('loadStandardBank', () => {
  const bank = loadStandardBank();

  it('holds exactly the twelve standard script items when loaded', () => {
    const scriptIds = bank.items.filter((item) => item.type === 'script').map((item) => item.id);
    expect(scriptIds.sort()).toEqual([...scriptItemIds].sort());
  });

  it('scores every script item model answer 1.0 when graded by its own rubric', () => {
    for (const item of bank.items) {
      if (item.type !== 'script') continue;
      const grade = gradeScriptAnswer(item.compiled, item.modelAnswer);
      expect({ id: item.id, score: grade.score, passed: grade.passed }).toEqual({
        id: item.id,
        score: 1,
        passed: true,
      });
      expect(item.prompt).toMatch(/\p{Script=Han}/u);
      expect(item.explanation).toBeTruthy();
    }
  });

  it('has choice, ordering and matching items on the procedures', () => {
    const types = new Set(bank.items.map((item) => item.type));
    expect([...types].sort()).toEqual(['matching', 'multiple-choice', 'ordering', 'script', 'single-choice']);
    for (const id of [
      'complaint.steps-order',
      'complaint.step-owners',
      'revisit.standard-guarantees',
      'complaint.three-duties',
      'complaint.customer-grades',
      'crisis.pr-principles',
      'escalation.triggers',
    ]) {
      expect(bank.item(id), id).toBeDefined();
    }
  });

  it('grades the complaint steps ordering 1 when put in the order of seed 001', () => {
    const item = bank.item('complaint.steps-order');
    if (item?.type !== 'ordering') throw new Error('complaint.steps-order should be an ordering item');
    const grade = gradeItem(item, { type: 'ordering', order: item.options.map((option) => option.id) });
    expect(grade.score).toBe(1);
  });

  it('groups the items into the five quizzes with pass marks and attempt settings', () => {
    expect(bank.quizzes.map((quiz) => quiz.id).sort()).toEqual([
      'complaints',
      'crisis',
      'onboarding',
      'phone-etiquette',
      'revisits',
    ]);
    for (const quiz of bank.quizzes) {
      expect(quiz.passMark).toBeGreaterThan(0);
      expect(quiz.attempts.maxTries).toBeGreaterThanOrEqual(1);
      for (const reference of quiz.items)
        expect(bank.item(reference.id), `${quiz.id} → ${reference.id}`).toBeDefined();
    }
  });

  it('knows where each item was written when asked', () => {
    expect(bank.locationOf('call.silent')).toMatchObject({
      file: expect.stringMatching(/items[\\/]script-phone\.yaml$/),
      line: expect.any(Number),
    });
  });

  it.skipIf(!existsSync(labelsPath))(
    "reaches Cohen's kappa ≥ 0.9 against the labelled dev answers (skipped when ../shared/labels is absent)",
    () => {
      const answers = parseLabelledAnswers(readFileSync(labelsPath, 'utf8'), labelsPath);
      const report = testRules(answers, bank);
      expect(report.unknownItems).toEqual([]);
      expect(report.kappa).toBeGreaterThanOrEqual(0.9);
      expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    },
  );

  it.skipIf(!existsSync(hardLabelsPath))(
    "reaches Cohen's kappa ≥ 0.85 against the hard labelled answers (skipped when ../shared/labels is absent)",
    () => {
      const answers = parseLabelledAnswers(readFileSync(hardLabelsPath, 'utf8'), hardLabelsPath);
      const report = testRules(answers, bank);
      expect(report.unknownItems).toEqual([]);
      expect(report.kappa).toBeGreaterThanOrEqual(0.85);
    },
  );
});

describe('loadBankFiles', () => {
  function located(files: Parameters<typeof loadBankFiles>[0]) {
    try {
      loadBankFiles(files);
    } catch (error) {
      if (error instanceof YamlValidationError) return error.located;
      throw error;
    }
    throw new Error('expected the bank to be rejected');
  }

  const scriptItem = (phrases: string) => `items:
  - id: demo.reply
    type: script
    prompt: 客户先问候时,请回应。
    modelAnswer: 您好,请问有什么可以帮助您?
    rubric:
      concepts:
        - id: greeting
          phrases: [${phrases}]
`;

  it('points at file:line:column when a rubric phrase is malformed', () => {
    expect(located([{ file: 'items/demo.yaml', text: scriptItem("'您好', '{请问'") }])).toEqual([
      expect.objectContaining({
        file: 'items/demo.yaml',
        line: 9,
        column: 27,
        path: 'items.0.rubric.concepts.0.phrases.1',
      }),
    ]);
  });

  it('rejects the item when its model answer does not score 1', () => {
    expect(located([{ file: 'items/demo.yaml', text: scriptItem("'再见'") }])[0]).toMatchObject({
      path: 'items.0.modelAnswer',
      line: 5,
    });
  });

  it('names an unknown item in a quiz at its line', () => {
    const issues = located([
      { file: 'items/demo.yaml', text: scriptItem("'您好'") },
      {
        file: 'quizzes/demo.yaml',
        text: 'id: demo\ntitle: 演示\npassMark: 0.8\nitems:\n  - demo.reply\n  - demo.missing\n',
      },
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'quizzes/demo.yaml',
        line: 6,
        column: 5,
        message: 'unknown item "demo.missing"',
      }),
    ]);
  });

  it('reports a YAML syntax error with its position', () => {
    expect(located([{ file: 'items/broken.yaml', text: 'items:\n  - id: [a\n' }])[0]).toMatchObject({
      file: 'items/broken.yaml',
      line: expect.any(Number),
    });
  });

  it('reports a duplicate item id at the second definition', () => {
    const text = scriptItem("'您好'");
    const issues = located([
      { file: 'items/a.yaml', text },
      { file: 'items/b.yaml', text },
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'items/b.yaml',
        line: 2,
        message: expect.stringContaining('duplicate item id "demo.reply"'),
      }),
    ]);
  });

  it('validates the shipped bank with no problems when given its directory', () => {
    expect(validateBank(packageDirectory)).toEqual([]);
  });
});
