import { createTrainingStore } from '@kefu/training-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

const trainer: Caller = { role: 'trainer', user: 'sun.li', team: 'training' };
const liNa: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const zhouJie: Caller = { role: 'agent', user: 'zhou.jie', team: 'east' };

const goodOpening = '您好,欢迎致电宏远客户服务热线,客服代表小李很高兴为您服务,请问有什么可以帮助您?';

const gradeFields = `itemId itemType score passed state autoFailed
  hits { concept label evidence { start end text tolerance } }
  misses { concept label feedback }
  violations { kind id label quote effect spans { start end text } }
  marks { subject awarded available explanation }
  feedback`;

const gradeAnswer = `mutation Grade($itemId: ID!, $answer: AnswerInput!) {
  gradeAnswer(itemId: $itemId, answer: $answer) { ${gradeFields} }
}`;

const recordAttempt = `mutation Record($input: RecordAttemptInput!) {
  recordAttempt(input: $input) {
    id quizId quizTitle trainee status score passMark passed
    responses { itemId tryNumber answerText rawScore penalty score passed feedback grade { ${gradeFields} } }
  }
}`;

const readAttempt = `query Attempt($id: ID!) {
  attempt(id: $id) { id trainee quizId score passed responses { itemId tryNumber answerText grade { score passed hits { label evidence { text } } } } }
}`;

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://attempt-test' });
});

afterAll(async () => {
  await server.close();
});

interface GradeEvent {
  attemptId: string;
  trainee: string;
  quizId: string;
  itemId: string | null;
  score: number;
  passed: boolean;
}

/** Subscribes to `gradeRecorded` over SSE (graphql-yoga's distinct-connections mode) and collects every `next` payload. */
async function subscribeToGrades(as: Caller) {
  const controller = new AbortController();
  const response = await server.yoga.fetch('http://kefu.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${await server.token(as)}`,
    },
    body: JSON.stringify({
      query: 'subscription { gradeRecorded { attemptId trainee quizId itemId score passed } }',
    }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: GradeEvent[] = [];
  void (async () => {
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffer += chunk.value;
      for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && /^event: next$/m.test(block)) events.push(JSON.parse(data).data.gradeRecorded);
      }
    }
  })();
  /** The events heard so far, without the readiness probes. */
  const heard = () => events.filter((event) => event.quizId !== 'probe');
  /** Resolves once `predicate` holds for what was heard (polling the stream for at most 5 s). */
  async function until(predicate: (all: GradeEvent[]) => boolean, timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(events) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    return predicate(events);
  }
  return {
    heard,
    until,
    /** Publishes probes for `trainee` until this subscriber hears one: its subscription is then registered. */
    async ready(trainee: string) {
      for (let round = 0; round < 100; round++) {
        await server.runtime.pubSub.publish('grade.recorded', {
          attemptId: 'probe',
          trainee,
          quizId: 'probe',
          itemId: null,
          score: 0,
          passed: false,
          at: '2026-03-02T00:00:00.000Z',
        });
        if (await until((all) => all.some((event) => event.quizId === 'probe'), 50)) return;
      }
      throw new Error(`the gradeRecorded subscription of ${as.user} never became ready`);
    },
    close() {
      controller.abort();
      void reader.cancel().catch(() => {});
    },
  };
}

describe('the standard bank', () => {
  it('lists quizzes with their items and prompts to an agent but refuses the model answer', async () => {
    const listed = await server.graphql(
      '{ quizzes { id title passMark maxTries items { weight item { id type prompt } } } }',
      {},
      liNa,
    );
    expect(listed.errors).toBeUndefined();
    const phone = listed.data.quizzes.find((quiz: { id: string }) => quiz.id === 'phone-etiquette');
    expect(phone).toMatchObject({ title: '电话礼仪与规范用语', passMark: 0.8, maxTries: 3 });
    expect(phone.items[0].item).toMatchObject({ id: 'greeting.opening', type: 'script' });
    expect(phone.items[0].item.prompt).toContain('开场白');

    const hidden = await server.graphql('{ item(id: "greeting.opening") { id modelAnswer } }', {}, liNa);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(hidden.data?.item?.modelAnswer ?? null).toBeNull();
  });

  it('shows a trainer the model answer, rubric and correct answer', async () => {
    const { data, errors } = await server.graphql(
      `{ script: item(id: "greeting.opening") { modelAnswer rubric }
         choice: item(id: "complaint.first-owner") { options { id text feedback } correctAnswer }
         missing: item(id: "no.such-item") { id } }`,
      {},
      trainer,
    );
    expect(errors).toBeUndefined();
    expect(data.script.modelAnswer).toBe(goodOpening);
    expect(data.script.rubric.concepts[0].id).toBe('greeting');
    expect(data.choice.correctAnswer).toBe('b');
    expect(data.choice.options).toHaveLength(4);
    expect(data.missing).toBeNull();
  });
});

describe('gradeAnswer', () => {
  it('explains a script grade with the words that proved each concept when the answer is good', async () => {
    const { data, errors } = await server.graphql(
      gradeAnswer,
      { itemId: 'greeting.opening', answer: { text: goodOpening } },
      liNa,
    );
    expect(errors).toBeUndefined();
    expect(data.gradeAnswer).toMatchObject({ itemType: 'script', score: 1, passed: true, misses: [] });
    const greeting = data.gradeAnswer.hits.find((hit: { concept: string }) => hit.concept === 'greeting');
    expect(greeting.evidence[0]).toEqual({ start: 0, end: 2, text: '您好', tolerance: 'exact' });
  });

  it('names what is missing and quotes what is forbidden when the answer is rude', async () => {
    const { data, errors } = await server.graphql(
      gradeAnswer,
      { itemId: 'greeting.opening', answer: { text: '喂,说话呀' } },
      trainer,
    );
    expect(errors).toBeUndefined();
    expect(data.gradeAnswer).toMatchObject({ score: 0, passed: false, autoFailed: true });
    expect(data.gradeAnswer.misses.map((miss: { concept: string }) => miss.concept)).toContain('greeting');
    expect(data.gradeAnswer.violations[0]).toMatchObject({
      kind: 'forbidden',
      quote: '喂',
      effect: 'auto-fail',
    });
    expect(data.gradeAnswer.violations[0].spans[0]).toEqual({ start: 0, end: 1, text: '喂' });
  });

  it('explains an objective item by its marks when a choice is picked', async () => {
    const { data, errors } = await server.graphql(
      gradeAnswer,
      { itemId: 'complaint.first-owner', answer: { choice: 'a' } },
      liNa,
    );
    expect(errors).toBeUndefined();
    expect(data.gradeAnswer).toMatchObject({ itemType: 'single-choice', score: 0, passed: false });
    expect(data.gradeAnswer.marks.length).toBeGreaterThan(0);
  });

  it('refuses an unknown item, an empty answer and an answer of the wrong shape, naming the field', async () => {
    const unknown = await server.graphql(
      gradeAnswer,
      { itemId: 'no.such-item', answer: { text: '您好' } },
      liNa,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'itemId', message: 'no item "no.such-item" in the standard bank' }],
    });
    const empty = await server.graphql(
      gradeAnswer,
      { itemId: 'greeting.opening', answer: { text: '  ' } },
      liNa,
    );
    expect(empty.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'answer.text', message: 'must not be empty' },
    ]);
    const shape = await server.graphql(
      gradeAnswer,
      { itemId: 'complaint.first-owner', answer: { text: '客服主管' } },
      liNa,
    );
    expect(shape.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([
      'answer.text',
      'answer.choice',
    ]);
    const option = await server.graphql(
      gradeAnswer,
      { itemId: 'complaint.first-owner', answer: { choice: 'z' } },
      liNa,
    );
    expect(option.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(option.errors?.[0]?.extensions?.fields[0].field).toMatch(/^answer\.choice/);
  });
});

describe('attempts', () => {
  let attemptId: string;

  it('saves a graded attempt and announces each grade to the trainee’s subscriber when an agent records it', async () => {
    const own = await subscribeToGrades(liNa);
    const asTrainer = await subscribeToGrades(trainer);
    const other = await subscribeToGrades(zhouJie);
    await own.ready('li.na');
    await asTrainer.ready('li.na');
    await other.ready('zhou.jie');
    const { data, errors } = await server.graphql(
      recordAttempt,
      {
        input: {
          quizId: 'phone-etiquette',
          responses: [
            { itemId: 'greeting.opening', answer: { text: '喂,说话呀' } },
            { itemId: 'greeting.opening', answer: { text: goodOpening } },
            { itemId: 'address.surname', answer: { text: '王先生,您好!请问有什么可以帮助您?' } },
          ],
        },
      },
      liNa,
    );
    expect(errors).toBeUndefined();
    const attempt = data.recordAttempt;
    attemptId = attempt.id;
    expect(attempt).toMatchObject({
      quizId: 'phone-etiquette',
      quizTitle: '电话礼仪与规范用语',
      trainee: 'li.na',
      status: 'finished',
      passMark: 0.8,
      passed: false,
    });
    // 0.8 (second try, 0.2 off) + 1 over 8 items of weight 1.
    expect(attempt.score).toBeCloseTo(1.8 / 8, 6);
    expect(
      attempt.responses.map((r: { itemId: string; tryNumber: number }) => `${r.itemId}#${r.tryNumber}`),
    ).toEqual(['greeting.opening#1', 'greeting.opening#2', 'address.surname#1']);
    const opening = attempt.responses.filter((r: { itemId: string }) => r.itemId === 'greeting.opening');
    expect(opening.map((r: { tryNumber: number }) => r.tryNumber)).toEqual([1, 2]);
    expect(opening[1]).toMatchObject({ rawScore: 1, penalty: 0.2, passed: true, answerText: goodOpening });
    expect(opening[1].score).toBeCloseTo(0.8, 6);
    expect(opening[0].grade.violations[0].quote).toBe('喂');
    expect(opening[0].feedback).toContain('喂');

    expect(await own.until(() => own.heard().length >= 4)).toBe(true);
    const events = own.heard();
    expect(events).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({
      attemptId,
      trainee: 'li.na',
      quizId: 'phone-etiquette',
      itemId: null,
    });
    expect(
      events
        .slice(0, 3)
        .map((event) => event.itemId)
        .sort(),
    ).toEqual(['address.surname', 'greeting.opening', 'greeting.opening']);
    expect(await asTrainer.until(() => asTrainer.heard().length >= 4)).toBe(true);
    // The same publish reached every listener; another agent heard none of li.na's grades.
    expect(other.heard()).toEqual([]);
    for (const subscriber of [own, asTrainer, other]) subscriber.close();

    const stored = await createTrainingStore(server.store).getAttempt(attemptId);
    expect(stored?.responses).toHaveLength(3);
  });

  it('reads the attempt back with its explained grades for the trainee and a trainer', async () => {
    const own = await server.graphql(readAttempt, { id: attemptId }, liNa);
    expect(own.errors).toBeUndefined();
    expect(own.data.attempt).toMatchObject({ id: attemptId, trainee: 'li.na' });
    const secondTry = own.data.attempt.responses.find(
      (response: { itemId: string; tryNumber: number }) =>
        response.itemId === 'greeting.opening' && response.tryNumber === 2,
    );
    const hit = secondTry.grade.hits[0];
    expect(hit).toEqual({ label: '问候"您好"', evidence: [{ text: '您好' }] });
    const asTrainer = await server.graphql(
      `{ attempts(trainee: "li.na", first: 5) { edges { node { id trainee responses { itemId } } } pageInfo { hasNextPage } } }`,
      {},
      trainer,
    );
    expect(asTrainer.errors).toBeUndefined();
    expect(asTrainer.data.attempts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      attemptId,
    ]);
    expect(asTrainer.data.attempts.edges[0].node.responses).toHaveLength(3);
  });

  it('refuses another agent’s attempt to an agent and lists only their own', async () => {
    const other = await server.graphql(readAttempt, { id: attemptId }, zhouJie);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.attempt ?? null).toBeNull();
    const named = await server.graphql(
      '{ attempts(trainee: "li.na") { edges { node { id } } } }',
      {},
      zhouJie,
    );
    expect(named.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const own = await server.graphql('{ attempts { edges { node { id trainee } } } }', {}, zhouJie);
    expect(own.errors).toBeUndefined();
    expect(own.data.attempts.edges).toEqual([]);
  });

  it('saves nothing and names each bad field when a recorded attempt has bad input', async () => {
    const training = createTrainingStore(server.store);
    const before = (await training.listAttempts({})).length;
    const unknownQuiz = await server.graphql(
      recordAttempt,
      {
        input: {
          quizId: 'no-such-quiz',
          responses: [{ itemId: 'greeting.opening', answer: { text: '您好' } }],
        },
      },
      liNa,
    );
    expect(unknownQuiz.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.quizId', message: 'no quiz "no-such-quiz" in the standard bank' }],
    });
    const bad = await server.graphql(
      recordAttempt,
      {
        input: {
          quizId: 'phone-etiquette',
          responses: [
            { itemId: 'greeting.opening', answer: { text: goodOpening } },
            { itemId: 'complaint.first-owner', answer: { choice: 'b' } },
            { itemId: 'no.such-item', answer: { text: '您好' } },
            { itemId: 'greeting.reply', answer: { text: '' } },
            { itemId: 'address.surname', answer: { choice: 'a' } },
          ],
        },
      },
      liNa,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.fields.map((f: { field: string }) => f.field)).toEqual([
      'input.responses.1.itemId',
      'input.responses.2.itemId',
      'input.responses.3.answer.text',
      'input.responses.4.answer.choice',
      'input.responses.4.answer.text',
    ]);
    const empty = await server.graphql(
      recordAttempt,
      { input: { quizId: 'phone-etiquette', responses: [] } },
      liNa,
    );
    expect(empty.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'input.responses', message: 'needs at least 1 response' },
    ]);
    const tooMany = await server.graphql(
      recordAttempt,
      {
        input: {
          quizId: 'phone-etiquette',
          responses: Array.from({ length: 4 }, () => ({
            itemId: 'greeting.opening',
            answer: { text: '您好' },
          })),
        },
      },
      liNa,
    );
    expect(tooMany.errors?.[0]?.extensions?.fields[0].field).toBe('input.responses.3.itemId');
    expect((await training.listAttempts({})).length).toBe(before);
  });

  it('refuses grading and recording to a caller without a token', async () => {
    const anonymous = await server.graphql(gradeAnswer, {
      itemId: 'greeting.opening',
      answer: { text: '您好' },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
