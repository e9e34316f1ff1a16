import { InvalidPayload, openStore, type Store } from '@kefu/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainingStore, type TrainingStore } from './training-store.js';

let store: Store;
let training: TrainingStore;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://training-versions' });
  training = createTrainingStore(store);
});
afterAll(() => store.close());

describe('quiz assignments', () => {
  it('lists a trainee their own assignments and their team’s when both are asked for', async () => {
    await training.assignQuiz({
      quizId: 'phone-etiquette',
      trainee: 'li.na',
      assignedBy: 'liu.yang',
      at: '2026-03-01T09:00:00Z',
    });
    await training.assignQuiz({
      quizId: 'onboarding',
      team: 'east',
      assignedBy: 'liu.yang',
      at: '2026-03-01T10:00:00Z',
      dueAt: '2026-03-08T10:00:00Z',
    });
    await training.assignQuiz({
      quizId: 'crisis',
      trainee: 'wang.fang',
      assignedBy: 'liu.yang',
      at: '2026-03-01T11:00:00Z',
    });
    const mine = await training.listAssignments({ trainee: 'li.na', team: 'east' });
    expect(mine.map((assignment) => assignment.quizId)).toEqual(['onboarding', 'phone-etiquette']);
    expect(mine[0]?.dueAt).toBe('2026-03-08T10:00:00.000Z');
    expect((await training.listAssignments()).length).toBe(3);
  });

  it('refuses an assignment naming neither trainee nor team and writes nothing', async () => {
    const before = (await training.listAssignments()).length;
    await expect(
      training.assignQuiz({ quizId: 'crisis', assignedBy: 'liu.yang', at: '2026-03-01T12:00:00Z' }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect((await training.listAssignments()).length).toBe(before);
  });
});

describe('item and quiz versions', () => {
  it('numbers published versions from 2 and gives every quiz using the item a new version', async () => {
    const first = await training.publishItemVersion({
      itemId: 'greeting.opening',
      source: 'id: greeting.opening\n',
      item: { id: 'greeting.opening', type: 'script' },
      publishedBy: 'liu.yang',
      at: '2026-03-02T09:00:00Z',
      quizzes: [{ quizId: 'phone-etiquette', itemIds: ['greeting.opening', 'greeting.reply'] }],
    });
    expect(first.itemVersion.version).toBe(2);
    expect(first.quizVersions).toEqual([
      {
        quizId: 'phone-etiquette',
        version: 2,
        items: [
          { id: 'greeting.opening', version: 2 },
          { id: 'greeting.reply', version: 1 },
        ],
        publishedAt: '2026-03-02T09:00:00Z',
      },
    ]);
    const second = await training.publishItemVersion({
      itemId: 'greeting.opening',
      source: 'id: greeting.opening # v3\n',
      item: { id: 'greeting.opening', type: 'script', title: 'v3' },
      publishedBy: 'liu.yang',
      at: '2026-03-03T09:00:00Z',
      quizzes: [{ quizId: 'phone-etiquette', itemIds: ['greeting.opening', 'greeting.reply'] }],
    });
    expect(second.itemVersion.version).toBe(3);
    expect((await training.latestQuizVersion('phone-etiquette'))?.version).toBe(3);
    expect((await training.itemVersions('greeting.opening')).map((version) => version.version)).toEqual([
      3, 2,
    ]);
    expect((await training.latestItemVersions()).map((version) => [version.itemId, version.version])).toEqual(
      [['greeting.opening', 3]],
    );
  });

  it('keeps the version a try was graded with when a newer version is published', async () => {
    const attempt = await training.startAttempt({
      quizId: 'phone-etiquette',
      trainee: 'li.na',
      at: '2026-03-04T09:00:00Z',
      quizVersion: 3,
    });
    await training.recordResponse({
      attemptId: attempt.id,
      itemId: 'greeting.opening',
      itemType: 'script',
      tryNumber: 1,
      answer: '您好',
      rawScore: 1,
      passed: true,
      grade: {},
      at: '2026-03-04T09:01:00Z',
      itemVersion: 3,
      certainty: 2,
    });
    await training.publishItemVersion({
      itemId: 'greeting.opening',
      source: 'id: greeting.opening # v4\n',
      item: { id: 'greeting.opening' },
      publishedBy: 'liu.yang',
      at: '2026-03-05T09:00:00Z',
      quizzes: [{ quizId: 'phone-etiquette', itemIds: ['greeting.opening'] }],
    });
    const read = await training.getAttempt(attempt.id);
    expect(read.quizVersion).toBe(3);
    expect(read.responses.map((response) => [response.itemVersion, response.certainty])).toEqual([[3, 2]]);
  });

  it('refuses a certainty outside 1–3 and records no try', async () => {
    const attempt = await training.startAttempt({
      quizId: 'crisis',
      trainee: 'li.na',
      at: '2026-03-06T09:00:00Z',
    });
    await expect(
      training.recordResponse({
        attemptId: attempt.id,
        itemId: 'x',
        itemType: 'script',
        tryNumber: 1,
        answer: 'a',
        rawScore: 1,
        passed: true,
        grade: {},
        at: '2026-03-06T09:01:00Z',
        certainty: 4,
      }),
    ).rejects.toBeInstanceOf(InvalidPayload);
    expect((await training.getAttempt(attempt.id)).responses).toEqual([]);
  });
});
