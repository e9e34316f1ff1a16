import { InvalidPayload, openStore, type Store } from '@kefu/runtime';
import { refusal, rowCount } from '@kefu/runtime/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptFinished, AttemptNotFound } from './training-errors.js';
import { createTrainingStore, type TrainingStore } from './training-store.js';

let store: Store;
let training: TrainingStore;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://training' });
  training = createTrainingStore(store);
});
afterAll(() => store.close());

const grade = {
  score: 0.5,
  hits: [{ concept: 'greeting', span: [0, 2] }],
  misses: ['offer-help'],
  violations: [],
};

describe('training store', () => {
  it('keeps every try with its explanation when a trainee retries an item', async () => {
    const attempt = await training.startAttempt({
      quizId: 'phone-etiquette',
      quizTitle: '电话礼仪',
      trainee: 'li.na',
      passMark: 0.8,
      at: '2026-03-02T09:00:00Z',
    });
    expect(attempt.status).toBe('in-progress');
    await training.recordResponse({
      attemptId: attempt.id,
      itemId: 'greeting.opening',
      itemType: 'script',
      tryNumber: 1,
      answer: '您好',
      rawScore: 0.5,
      passed: false,
      grade,
      feedback: '请补充:询问客户需要什么帮助',
      at: '2026-03-02T09:01:00Z',
    });
    const retry = await training.recordResponse({
      attemptId: attempt.id,
      itemId: 'greeting.opening',
      itemType: 'script',
      tryNumber: 2,
      answer: '您好,请问有什么可以帮您?',
      rawScore: 1,
      penalty: 0.25,
      passed: true,
      grade: { score: 1 },
      at: '2026-03-02T09:02:00Z',
    });
    expect(retry.score).toBe(0.75);
    const finished = await training.finishAttempt({
      attemptId: attempt.id,
      score: 0.75,
      passed: false,
      at: '2026-03-02T09:03:00Z',
    });
    expect(finished).toMatchObject({ status: 'finished', score: 0.75, passed: false });
    const loaded = await training.getAttempt(attempt.id);
    expect(loaded.responses.map((response) => response.tryNumber)).toEqual([1, 2]);
    expect(loaded.responses[0]?.grade).toEqual(grade);
    expect(loaded.responses[0]?.feedback).toBe('请补充:询问客户需要什么帮助');
    expect(loaded.finishedAt).toBe('2026-03-02T09:03:00.000Z');
  });

  it('summarises trainees and items from the last try of each attempt when several attempts exist', async () => {
    for (const [trainee, first, second] of [
      ['wang.fang', true, true],
      ['zhao.lei', false, false],
    ] as const) {
      const attempt = await training.startAttempt({
        quizId: 'revisits',
        trainee,
        at: '2026-03-03T09:00:00Z',
      });
      await training.recordResponse({
        attemptId: attempt.id,
        itemId: 'revisit.opening',
        itemType: 'script',
        tryNumber: 1,
        answer: 'x',
        rawScore: first ? 1 : 0,
        passed: first,
        grade: {},
        at: '2026-03-03T09:01:00Z',
      });
      await training.recordResponse({
        attemptId: attempt.id,
        itemId: 'revisit.order',
        itemType: 'ordering',
        tryNumber: 1,
        answer: ['a', 'b'],
        rawScore: second ? 1 : 0.5,
        passed: second,
        grade: {},
        at: '2026-03-03T09:02:00Z',
      });
      await training.finishAttempt({
        attemptId: attempt.id,
        score: first && second ? 1 : 0.25,
        passed: first && second,
        at: '2026-03-03T09:03:00Z',
      });
    }
    const trainees = await training.traineeSummaries({ quizId: 'revisits' });
    expect(trainees.map((row) => [row.trainee, row.attempts, row.passed, row.meanScore])).toEqual([
      ['wang.fang', 1, 1, 1],
      ['zhao.lei', 1, 0, 0.25],
    ]);
    const items = await training.itemSummaries();
    const opening = items.find((row) => row.itemId === 'greeting.opening');
    expect(opening).toMatchObject({
      responses: 1,
      meanScore: 0.75,
      passRate: 1,
      firstTryPassRate: 0,
      meanTries: 2,
    });
    const order = items.find((row) => row.itemId === 'revisit.order');
    expect(order).toMatchObject({ itemType: 'ordering', responses: 2, meanScore: 0.75, passRate: 0.5 });
    expect(await training.listAttempts({ trainee: 'zhao.lei' })).toHaveLength(1);
  });

  it('rejects a response and writes nothing when the attempt is finished or unknown', async () => {
    const [attempt] = await training.listAttempts({ trainee: 'li.na' });
    const response = {
      attemptId: attempt?.id ?? '',
      itemId: 'greeting.opening',
      itemType: 'script',
      tryNumber: 3,
      answer: '',
      rawScore: 0,
      passed: false,
      grade: {},
      at: '2026-03-02T09:05:00Z',
    };
    await expect(training.recordResponse(response)).rejects.toBeInstanceOf(AttemptFinished);
    await expect(training.recordResponse({ ...response, attemptId: 'nope' })).rejects.toBeInstanceOf(
      AttemptNotFound,
    );
    await expect(
      training.finishAttempt({
        attemptId: attempt?.id ?? '',
        score: 1,
        passed: true,
        at: '2026-03-02T10:00:00Z',
      }),
    ).rejects.toBeInstanceOf(AttemptFinished);
    expect((await training.getAttempt(attempt?.id ?? '')).responses).toHaveLength(2);
  });

  it('names each bad field when the input is invalid', async () => {
    const error = await training
      .startAttempt({ quizId: '', trainee: 'x', at: 'yesterday', passMark: 2 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidPayload);
    expect((error as InvalidPayload).issues.map((issue) => issue.path)).toEqual(['quizId', 'at', 'passMark']);
  });

  it('replaces the estimate when a skill is estimated again', async () => {
    await training.saveSkillEstimate({
      trainee: 'li.na',
      skill: 'script',
      rating: 1500,
      at: '2026-03-02T09:00:00Z',
    });
    const saved = await training.saveSkillEstimate({
      trainee: 'li.na',
      skill: 'script',
      rating: 1540,
      uncertainty: 80,
      evidence: 3,
      at: '2026-03-02T10:00:00Z',
    });
    expect(saved).toMatchObject({ rating: 1540, uncertainty: 80, evidence: 3 });
    expect(await training.skillEstimates({ trainee: 'li.na' })).toEqual([saved]);
  });
});

describe('bad input', () => {
  it('starts no attempt and says why when the pass mark is not a fraction and the trainee is blank', async () => {
    const before = await rowCount(store.db, 'training_attempts');
    const issues = await refusal(
      training.startAttempt({
        quizId: 'onboarding',
        trainee: '  ',
        at: '2026-03-05T09:00:00Z',
        passMark: -0.1,
      }),
    );
    expect(issues).toEqual([
      { path: 'trainee', message: 'must be a non-empty string' },
      { path: 'passMark', message: 'must be a number from 0 to 1' },
    ]);
    expect(await rowCount(store.db, 'training_attempts')).toBe(before);
  });

  it('records no try and finishes nothing when a try or the finish is malformed', async () => {
    const attempt = await training.startAttempt({
      quizId: 'onboarding',
      trainee: 'zhao.lei',
      at: '2026-03-05T09:00:00Z',
    });
    const responses = await rowCount(store.db, 'training_responses');
    const badTry = await refusal(
      training.recordResponse({
        attemptId: attempt.id,
        itemId: '',
        itemType: 'script',
        tryNumber: 1.5,
        answer: '您好',
        rawScore: 1.2,
        penalty: Number.NaN,
        passed: 'yes' as never,
        grade: {},
        certainty: 4,
        itemVersion: 0,
        at: '2026-03-05T09:01:00Z',
      }),
    );
    expect(badTry).toEqual([
      { path: 'itemId', message: 'must be a non-empty string' },
      { path: 'rawScore', message: 'must be a number from 0 to 1' },
      { path: 'penalty', message: 'must be a number from 0 to 1' },
      { path: 'tryNumber', message: 'must be an integer of at least 1' },
      { path: 'passed', message: 'must be a boolean' },
      { path: 'certainty', message: 'must be 1, 2 or 3' },
      { path: 'itemVersion', message: 'must be an integer of at least 1' },
    ]);
    expect(await rowCount(store.db, 'training_responses')).toBe(responses);

    const badFinish = await refusal(
      training.finishAttempt({ attemptId: attempt.id, score: 2, passed: undefined as never, at: 'now' }),
    );
    expect(badFinish).toEqual([
      { path: 'at', message: 'must be an ISO date-time' },
      { path: 'score', message: 'must be a number from 0 to 1' },
      { path: 'passed', message: 'must be a boolean' },
    ]);
    expect(await training.getAttempt(attempt.id)).toMatchObject({ status: 'in-progress', score: null });
  });

  it('saves no estimate when the rating is not a finite number', async () => {
    const before = await rowCount(store.db, 'training_skill_estimates');
    const issues = await refusal(
      training.saveSkillEstimate({
        trainee: 'zhao.lei',
        skill: '',
        rating: Number.POSITIVE_INFINITY,
        at: '2026-03-05T09:00:00Z',
      }),
    );
    expect(issues).toEqual([
      { path: 'skill', message: 'must be a non-empty string' },
      { path: 'rating', message: 'must be a finite number' },
    ]);
    expect(await rowCount(store.db, 'training_skill_estimates')).toBe(before);
  });

  it('assigns nothing and names every problem when the assignment names no one and has a bad due date', async () => {
    const before = await rowCount(store.db, 'training_assignments');
    const issues = await refusal(
      training.assignQuiz({
        quizId: '',
        trainee: ' ',
        assignedBy: 'liu.yang',
        at: '2026-03-05T09:00:00Z',
        dueAt: 'friday',
      }),
    );
    expect(issues).toEqual([
      { path: 'quizId', message: 'must be a non-empty string' },
      { path: 'dueAt', message: 'must be an ISO date-time' },
      { path: 'trainee', message: 'name a trainee or a team' },
    ]);
    const typed = await refusal(
      training.assignQuiz({
        quizId: 'crisis',
        team: 7 as never,
        assignedBy: 'liu.yang',
        at: '2026-03-05T09:00:00Z',
      }),
    );
    expect(typed).toEqual([
      { path: 'team', message: 'must be a string' },
      { path: 'trainee', message: 'name a trainee or a team' },
    ]);
    expect(await rowCount(store.db, 'training_assignments')).toBe(before);
  });

  it('publishes no version when the item is not parsed and the publisher is missing', async () => {
    const before = [
      await rowCount(store.db, 'training_item_versions'),
      await rowCount(store.db, 'training_quiz_versions'),
    ];
    const issues = await refusal(
      training.publishItemVersion({
        itemId: 'greeting.opening',
        source: 'id: greeting.opening\n',
        item: null,
        publishedBy: '',
        at: '2026-03-05T09:00:00Z',
        quizzes: [{ quizId: 'phone-etiquette', itemIds: ['greeting.opening'] }],
      }),
    );
    expect(issues).toEqual([
      { path: 'publishedBy', message: 'must be a non-empty string' },
      { path: 'item', message: 'must be the parsed item' },
    ]);
    expect([
      await rowCount(store.db, 'training_item_versions'),
      await rowCount(store.db, 'training_quiz_versions'),
    ]).toEqual(before);
  });
});
