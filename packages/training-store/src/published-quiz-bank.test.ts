import { itemSourceOf, loadStandardBank } from '@kefu/quiz-bank';
import { openStore, type Store } from '@kefu/runtime';
import { gradeItem, type Item } from '@kefu/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemAtVersion, publishedQuizBank } from './published-quiz-bank.js';
import { createTrainingStore, type TrainingStore } from './training-store.js';

const bank = loadStandardBank();
let store: Store;
let training: TrainingStore;

/** complaint.first-owner as the bank has it (answer b, 客服主管) with the answer moved to c (市场部经理). */
function republishedSource(): string {
  const source = itemSourceOf(bank, 'complaint.first-owner') as string;
  expect(source).toMatch(/^answer: b$/m);
  return source.replace(/^answer: b$/m, 'answer: c');
}

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://published-quiz-bank' });
  training = createTrainingStore(store);
});
afterAll(() => store.close());

describe('publishedQuizBank', () => {
  it('is the base bank, every item and quiz at version 1, while nothing is published', async () => {
    const published = await publishedQuizBank(training, bank);
    expect(published.item('complaint.first-owner')).toBe(bank.item('complaint.first-owner'));
    expect(published.itemVersion('complaint.first-owner')).toBe(1);
    expect(published.quizVersion('onboarding')).toBe(1);
    expect(published.itemVersion('no.such-item')).toBeUndefined();
    expect(published.quizVersion('no-such-quiz')).toBeUndefined();
  });

  it('holds a published item version instead of the bank item, grades with it and gives its quizzes their new version', async () => {
    const quizzes = bank.quizzes
      .filter((quiz) => quiz.items.some((reference) => reference.id === 'complaint.first-owner'))
      .map((quiz) => ({ quizId: quiz.id, itemIds: quiz.items.map((reference) => reference.id) }));
    expect(quizzes.map((quiz) => quiz.quizId)).toContain('onboarding');
    const source = republishedSource();
    await training.publishItemVersion({
      itemId: 'complaint.first-owner',
      source,
      item: { id: 'complaint.first-owner' },
      publishedBy: 'liu.yang',
      at: '2026-03-02T09:00:00Z',
      quizzes,
    });

    const published = await publishedQuizBank(training, bank);
    expect(published.itemVersion('complaint.first-owner')).toBe(2);
    expect(published.quizVersion('onboarding')).toBe(2);
    expect(published.quizVersion('crisis')).toBe(1);
    expect(published.itemVersion('greeting.opening')).toBe(1);
    expect(published.locationOf('complaint.first-owner')).toBeUndefined();
    const item = published.item('complaint.first-owner');
    expect(item).toMatchObject({ type: 'single-choice', answer: 'c' });
    expect(published.items.find((candidate) => candidate.id === 'complaint.first-owner')).toBe(item);
    expect(published.quizzesWith('complaint.first-owner').map((quiz) => quiz.id)).toEqual(
      quizzes.map((quiz) => quiz.quizId),
    );
    // graded by the published version: c is now right, the bank's b is wrong
    expect(gradeItem(item as Item, { type: 'single-choice', choice: 'c' }).passed).toBe(true);
    expect(gradeItem(item as Item, { type: 'single-choice', choice: 'b' }).passed).toBe(false);
  });

  it('finds the item a stored try was graded with: the published version, or the bank’s for version 1 and null', async () => {
    expect(await itemAtVersion(training, bank, 'complaint.first-owner', 2)).toMatchObject({ answer: 'c' });
    expect(await itemAtVersion(training, bank, 'complaint.first-owner', 1)).toBe(
      bank.item('complaint.first-owner'),
    );
    expect(await itemAtVersion(training, bank, 'complaint.first-owner', null)).toBe(
      bank.item('complaint.first-owner'),
    );
  });
});
