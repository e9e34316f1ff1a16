import { createTrainingStore } from '@kefu/training-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

const trainer: Caller = { role: 'trainer', user: 'liu.yang', team: 'training' };
const liNa: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const zhouJie: Caller = { role: 'agent', user: 'zhou.jie', team: 'east' };
const wangFang: Caller = { role: 'agent', user: 'wang.fang', team: 'west' };

const goodOpening = '您好,欢迎致电宏远客户服务热线,客服代表小李很高兴为您服务,请问有什么可以帮助您?';

const assign = `mutation Assign($input: AssignQuizInput!) {
  assignQuiz(input: $input) { id quizId trainee team assignedBy quiz { title } }
}`;
const assignments = `query Assignments($trainee: String) { quizAssignments(trainee: $trainee) { id quizId trainee team } }`;
const start = `mutation Start($input: StartAttemptInput!) {
  startAttempt(input: $input) { id quizId trainee status quizVersion assignmentId }
}`;
const answer = `mutation Answer($input: AnswerItemInput!) {
  answerItem(input: $input) {
    itemId itemVersion tryNumber rawScore penalty score passed final tryAgain triesLeft
    correctAnswer explanation certainty certaintyMark
    grade { score passed autoFailed hits { label evidence { start end text } } violations { kind quote spans { start end text } } marks { subject } feedback }
  }
}`;
const finish = `mutation Finish($input: FinishAttemptInput!) {
  finishAttempt(input: $input) { id status score passed quizVersion responses { itemId tryNumber itemVersion certainty } }
}`;

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://quiz-taking-test' });
});
afterAll(() => server.close());

async function startAttempt(as: Caller, quizId: string, assignmentId?: string): Promise<string> {
  const { data, errors } = await server.graphql(start, { input: { quizId, assignmentId } }, as);
  expect(errors).toBeUndefined();
  return data.startAttempt.id;
}

describe('quiz assignments', () => {
  it('shows a trainee the quizzes assigned to them and to their team, and not another trainee’s', async () => {
    const toLiNa = await server.graphql(
      assign,
      { input: { quizId: 'phone-etiquette', trainee: 'li.na' } },
      trainer,
    );
    expect(toLiNa.errors).toBeUndefined();
    expect(toLiNa.data.assignQuiz).toMatchObject({
      assignedBy: 'liu.yang',
      quiz: { title: '电话礼仪与规范用语' },
    });
    await server.graphql(assign, { input: { quizId: 'onboarding', team: 'east' } }, trainer);
    await server.graphql(assign, { input: { quizId: 'crisis', trainee: 'wang.fang' } }, trainer);

    const mine = await server.graphql(assignments, {}, liNa);
    expect(mine.data.quizAssignments.map((entry: { quizId: string }) => entry.quizId)).toEqual([
      'onboarding',
      'phone-etiquette',
    ]);
    const colleague = await server.graphql(assignments, {}, zhouJie);
    expect(colleague.data.quizAssignments.map((entry: { quizId: string }) => entry.quizId)).toEqual([
      'onboarding',
    ]);
    const all = await server.graphql(assignments, {}, trainer);
    expect(all.data.quizAssignments).toHaveLength(3);
  });

  it('refuses another trainee’s assignments to an agent', async () => {
    const { errors } = await server.graphql(assignments, { trainee: 'wang.fang' }, liNa);
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses assigning to an agent and writes nothing', async () => {
    const before = await createTrainingStore(server.store).listAssignments();
    const { errors } = await server.graphql(assign, { input: { quizId: 'crisis', trainee: 'li.na' } }, liNa);
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await createTrainingStore(server.store).listAssignments()).toEqual(before);
  });

  it('names the field and writes nothing when the quiz is unknown or nobody is named', async () => {
    const before = await createTrainingStore(server.store).listAssignments();
    const unknown = await server.graphql(
      assign,
      { input: { quizId: 'no-such-quiz', trainee: 'li.na' } },
      trainer,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(unknown.errors?.[0]?.message).toContain('input.quizId');
    const nobody = await server.graphql(assign, { input: { quizId: 'crisis' } }, trainer);
    expect(nobody.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await createTrainingStore(server.store).listAssignments()).toEqual(before);
  });
});

describe('taking a quiz one answer at a time', () => {
  it('fails a rude answer quoting the violation, then passes a good retry with its evidence and the penalty', async () => {
    const attemptId = await startAttempt(liNa, 'phone-etiquette');
    const rude = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'greeting.opening', answer: { text: '喂,说话呀' } } },
      liNa,
    );
    expect(rude.errors).toBeUndefined();
    expect(rude.data.answerItem).toMatchObject({
      tryNumber: 1,
      passed: false,
      final: false,
      tryAgain: true,
      triesLeft: 2,
      itemVersion: 1,
    });
    expect(rude.data.answerItem.grade.violations[0]).toMatchObject({ kind: 'forbidden', quote: '喂' });

    const good = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'greeting.opening', answer: { text: goodOpening }, certainty: 3 } },
      liNa,
    );
    expect(good.errors).toBeUndefined();
    expect(good.data.answerItem).toMatchObject({ tryNumber: 2, passed: true, final: true, penalty: 0.2 });
    expect(good.data.answerItem.score).toBeCloseTo(0.8);
    expect(good.data.answerItem.certainty).toBe(3);
    const evidence = good.data.answerItem.grade.hits.flatMap(
      (hit: { evidence: { start: number; end: number; text: string }[] }) => hit.evidence,
    );
    for (const span of evidence) expect(goodOpening.slice(span.start, span.end)).toBe(span.text);
    expect(evidence.length).toBeGreaterThan(0);

    const finished = await server.graphql(finish, { input: { attemptId } }, liNa);
    expect(finished.errors).toBeUndefined();
    expect(finished.data.finishAttempt).toMatchObject({ status: 'finished', passed: false, quizVersion: 1 });
    // One of eight equally weighted items, at 0.8.
    expect(finished.data.finishAttempt.score).toBeCloseTo(0.1);
    expect(finished.data.finishAttempt.responses).toEqual([
      { itemId: 'greeting.opening', tryNumber: 1, itemVersion: 1, certainty: null },
      { itemId: 'greeting.opening', tryNumber: 2, itemVersion: 1, certainty: 3 },
    ]);
  });

  it('keeps a choice item’s right answer back until the tries are used up', async () => {
    const attemptId = await startAttempt(liNa, 'onboarding');
    const tryOnce = (tryNumber: number) =>
      server
        .graphql(
          answer,
          { input: { attemptId, itemId: 'complaint.first-owner', answer: { choice: 'a' } } },
          liNa,
        )
        .then((result) => {
          expect(result.errors).toBeUndefined();
          expect(result.data.answerItem.tryNumber).toBe(tryNumber);
          return result.data.answerItem;
        });
    const first = await tryOnce(1);
    expect(first).toMatchObject({ passed: false, final: false, correctAnswer: null, explanation: null });
    expect(first.grade.marks).toEqual([]);
    // Reading the attempt in progress does not give the answer away either.
    const read = await server.graphql(
      'query A($id: ID!) { attempt(id: $id) { responses { grade { marks { subject } } } } }',
      { id: attemptId },
      liNa,
    );
    expect(read.data.attempt.responses[0].grade.marks).toEqual([]);
    await tryOnce(2);
    const last = await tryOnce(3);
    expect(last).toMatchObject({ passed: false, final: true, triesLeft: 0 });
    expect(last.correctAnswer).not.toBeNull();
    expect(last.grade.marks.length).toBeGreaterThan(0);

    const fourth = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'complaint.first-owner', answer: { choice: 'b' } } },
      liNa,
    );
    expect(fourth.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const stored = await createTrainingStore(server.store).getAttempt(attemptId);
    expect(stored.responses).toHaveLength(3);
  });

  it('refuses to answer or finish another trainee’s attempt and writes nothing', async () => {
    const attemptId = await startAttempt(liNa, 'phone-etiquette');
    const answered = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'greeting.opening', answer: { text: goodOpening } } },
      zhouJie,
    );
    expect(answered.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const finished = await server.graphql(finish, { input: { attemptId } }, zhouJie);
    expect(finished.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stored = await createTrainingStore(server.store).getAttempt(attemptId);
    expect([stored.status, stored.responses.length]).toEqual(['in-progress', 0]);
  });

  it('shows a trainee only their own attempts', async () => {
    const attemptId = await startAttempt(wangFang, 'crisis');
    const read = await server.graphql(
      'query A($id: ID!) { attempt(id: $id) { id } }',
      { id: attemptId },
      liNa,
    );
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await server.graphql('{ attempts { edges { node { trainee } } } }', {}, liNa);
    const trainees = new Set(
      listed.data.attempts.edges.map((edge: { node: { trainee: string } }) => edge.node.trainee),
    );
    expect([...trainees]).toEqual(['li.na']);
  });

  it('refuses an assignment made to someone else and writes no attempt', async () => {
    const theirs = (await createTrainingStore(server.store).listAssignments({ trainee: 'wang.fang' }))[0];
    const before = (await createTrainingStore(server.store).listAttempts()).length;
    const { errors } = await server.graphql(
      start,
      { input: { quizId: 'crisis', assignmentId: theirs?.id } },
      liNa,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await createTrainingStore(server.store).listAttempts()).length).toBe(before);
  });

  it('refuses a certainty outside 1–3 and an answer of the wrong shape, recording no try', async () => {
    const attemptId = await startAttempt(liNa, 'phone-etiquette');
    const certainty = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'greeting.opening', answer: { text: goodOpening }, certainty: 5 } },
      liNa,
    );
    expect(certainty.errors?.[0]?.message).toContain('input.certainty');
    const shape = await server.graphql(
      answer,
      { input: { attemptId, itemId: 'greeting.opening', answer: { choice: 'a' } } },
      liNa,
    );
    expect(shape.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await createTrainingStore(server.store).getAttempt(attemptId)).responses).toEqual([]);
  });
});
