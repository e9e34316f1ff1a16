import { createTrainingStore } from '@kefu/training-store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
const trainer = { role: 'trainer', user: 'sun.li', team: 'training' } as const;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://training-test' });
  const training = createTrainingStore(server.store);
  const at = '2026-03-02T02:00:00.000Z';
  const answers: Record<string, Array<[string, number, number, boolean]>> = {
    t1: [
      ['i1', 1, 1, true],
      ['i2', 1, 1, true],
    ],
    t2: [
      ['i1', 1, 1, true],
      ['i2', 1, 0, false],
      ['i2', 2, 0.5, false],
    ],
    t3: [
      ['i1', 1, 0, false],
      ['i2', 1, 0, false],
    ],
  };
  const finals: Record<string, [number, boolean]> = { t1: [1, true], t2: [0.75, true], t3: [0, false] };
  for (const [trainee, responses] of Object.entries(answers)) {
    const attempt = await training.startAttempt({
      quizId: 'q1',
      quizTitle: '规范用语',
      trainee,
      at,
      passMark: 0.6,
    });
    for (const [itemId, tryNumber, rawScore, passed] of responses) {
      await training.recordResponse({
        attemptId: attempt.id,
        itemId,
        itemType: 'script',
        tryNumber,
        answer: '您好',
        rawScore,
        passed,
        grade: {},
        at,
      });
    }
    await training.finishAttempt({
      attemptId: attempt.id,
      at,
      score: finals[trainee]![0],
      passed: finals[trainee]![1],
    });
  }
  await training.saveSkillEstimate({
    trainee: 't1',
    skill: 'script',
    rating: 1600,
    uncertainty: 50,
    evidence: 2,
    at,
  });
  await training.saveSkillEstimate({
    trainee: 't3',
    skill: 'script',
    rating: 1400,
    uncertainty: 100,
    evidence: 2,
    at,
  });
});

afterAll(async () => {
  await server.close();
});

it('reports pass rates by quiz and item analysis by item for a trainer', async () => {
  const { data, errors } = await server.graphql(
    `{ quizPassRates { quizId quizTitle attempts trainees passed passRate meanScore }
       itemAnalysis { itemId responses facility passRate firstTryPassRate meanTries discrimination } }`,
    {},
    trainer,
  );
  expect(errors).toBeUndefined();
  expect(data.quizPassRates).toEqual([
    {
      quizId: 'q1',
      quizTitle: '规范用语',
      attempts: 3,
      trainees: 3,
      passed: 2,
      passRate: 0.6667,
      meanScore: 0.5833,
    },
  ]);
  expect(data.itemAnalysis).toEqual([
    {
      itemId: 'i1',
      responses: 3,
      facility: 0.6667,
      passRate: 0.6667,
      firstTryPassRate: 0.6667,
      meanTries: 1,
      discrimination: 0.866,
    },
    {
      itemId: 'i2',
      responses: 3,
      facility: 0.5,
      passRate: 0.3333,
      firstTryPassRate: 0.3333,
      meanTries: 1.33,
      discrimination: expect.any(Number),
    },
  ]);
});

it('reports skill levels with certification against a cut score', async () => {
  const { data } = await server.graphql(
    `{ skillLevels(cutScore: 1500) { trainee skill rating lowerBound certified } }`,
    {},
    trainer,
  );
  expect(data.skillLevels).toEqual([
    { trainee: 't1', skill: 'script', rating: 1600, lowerBound: 1517.75, certified: true },
    { trainee: 't3', skill: 'script', rating: 1400, lowerBound: 1235.5, certified: false },
  ]);
});

it('shows an agent only their own attempts', async () => {
  const { data } = await server.graphql(
    `{ quizPassRates { attempts passed } skillLevels { trainee } }`,
    {},
    { role: 'agent', user: 't3', team: 'east' },
  );
  expect(data.quizPassRates).toEqual([{ attempts: 1, passed: 0 }]);
  expect(data.skillLevels).toEqual([{ trainee: 't3' }]);
});

it('shows an agent’s skills on the Agent type to trainers and to the agent, not to an agent of no shared team', async () => {
  const query = `{ agent(userId: "t1") { userId skills { skill rating } } }`;
  const asTrainer = await server.graphql(query, {}, trainer);
  expect(asTrainer.data.agent).toEqual({ userId: 't1', skills: [{ skill: 'script', rating: 1600 }] });
  const asSelf = await server.graphql(query, {}, { role: 'agent', user: 't1', team: 'east' });
  expect(asSelf.data.agent.skills).toEqual([{ skill: 'script', rating: 1600 }]);
  const asOther = await server.graphql(query, {}, { role: 'agent', user: 't3', team: 'east' });
  expect(asOther.data).toBeNull();
  expect(asOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
