import { createTrainingStore } from '@kefu/training-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

const trainer: Caller = { role: 'trainer', user: 'liu.yang', team: 'training' };
const liNa: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const supervisor: Caller = { role: 'supervisor', user: 'wang.qiang', team: 'east' };

/** Five answers to greeting.reply, labelled by hand for this test; the third is labelled wrongly on purpose. */
const labelled = [
  { id: 'r1', item: 'greeting.reply', answer: '您好!请问有什么可以帮助您?', pass: true },
  { id: 'r2', item: 'greeting.reply', answer: '您好,请问有什么可以帮助您?', pass: true },
  { id: 'r3', item: 'greeting.reply', answer: '喂,说吧!', pass: true, why: '语气还行' },
  { id: 'r4', item: 'greeting.reply', answer: '喂,说吧!', pass: false },
  { id: 'r5', item: 'greeting.reply', answer: '喂,有事吗?', pass: false },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

const itemSource = `query Source($id: ID!) { itemSource(id: $id) { itemId version source versions { version } } }`;
const validate = `query Validate($source: String!) { validateItemSource(source: $source) { valid itemId itemType issues { line column path message } } }`;
const ruleTest = `query RuleTest($source: String!, $labelled: String!) {
  ruleTest(source: $source, labelled: $labelled) {
    total agreements accuracy kappa
    confusion { label rubricPass rubricFail }
    disagreements { id line answer expected got why reason grade { violations { quote } } }
  }
}`;
const publish = `mutation Publish($input: PublishItemVersionInput!) {
  publishItemVersion(input: $input) { itemVersion { itemId version publishedBy note } quizVersions { quizId version } }
}`;

let server: TestServer;
let source: string;

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://item-authoring-test' });
  const { data } = await server.graphql(itemSource, { id: 'greeting.reply' }, trainer);
  source = data.itemSource.source;
});
afterAll(() => server.close());

describe('item authoring', () => {
  it('gives a trainer the YAML of a bank item at version 1', async () => {
    expect(source).toContain('id: greeting.reply');
    const { data } = await server.graphql(itemSource, { id: 'greeting.reply' }, trainer);
    expect(data.itemSource).toMatchObject({ itemId: 'greeting.reply', version: 1, versions: [] });
  });

  it('points at the line and column of each problem when the YAML is invalid', async () => {
    const broken = source.replace('type: script', 'type: essay');
    const line = broken.split('\n').findIndex((text) => text.startsWith('type: essay')) + 1;
    const { data, errors } = await server.graphql(validate, { source: broken }, trainer);
    expect(errors).toBeUndefined();
    expect(data.validateItemSource.valid).toBe(false);
    expect(data.validateItemSource.issues[0]).toMatchObject({ line, column: 7, path: 'type' });
    const good = await server.graphql(validate, { source }, trainer);
    expect(good.data.validateItemSource).toEqual({
      valid: true,
      itemId: 'greeting.reply',
      itemType: 'script',
      issues: [],
    });
  });

  it('reports accuracy, kappa, the confusion and each disagreement with its reason when labelled answers are tested', async () => {
    const { data, errors } = await server.graphql(ruleTest, { source, labelled }, trainer);
    expect(errors).toBeUndefined();
    const report = data.ruleTest;
    expect(report).toMatchObject({ total: 5, agreements: 4, accuracy: 0.8 });
    // Observed agreement 0.8; by chance (3/5 × 2/5) + (2/5 × 3/5) = 0.48; kappa = 0.32 / 0.52.
    expect(report.kappa).toBeCloseTo(0.32 / 0.52, 10);
    expect(report.confusion).toEqual([
      { label: 'pass', rubricPass: 2, rubricFail: 1 },
      { label: 'fail', rubricPass: 0, rubricFail: 2 },
    ]);
    expect(report.disagreements).toHaveLength(1);
    expect(report.disagreements[0]).toMatchObject({
      id: 'r3',
      line: 3,
      expected: true,
      got: false,
      why: '语气还行',
    });
    expect(report.disagreements[0].reason).toContain('喂');
    expect(report.disagreements[0].grade.violations[0].quote).toBe('喂');
  });

  it('names the malformed line when the labelled file is not JSONL', async () => {
    const { errors } = await server.graphql(
      ruleTest,
      { source, labelled: `${labelled}\n{"id": "r6"` },
      trainer,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toContain('labelled.6');
  });

  it('publishes version 2 with new versions of the quizzes using it, and attempts keep the version they were graded with', async () => {
    const before = await server.graphql(
      'mutation S($input: StartAttemptInput!) { startAttempt(input: $input) { id } }',
      { input: { quizId: 'phone-etiquette' } },
      liNa,
    );
    const answer = `mutation A($input: AnswerItemInput!) { answerItem(input: $input) { itemVersion passed } }`;
    const oldTry = await server.graphql(
      answer,
      {
        input: {
          attemptId: before.data.startAttempt.id,
          itemId: 'greeting.reply',
          answer: { text: '您好,请问有什么可以帮助您?' },
        },
      },
      liNa,
    );
    expect(oldTry.data.answerItem.itemVersion).toBe(1);

    const edited = source.replace(/title: .*/, 'title: 客户先问候时的回应(修订)');
    const { data, errors } = await server.graphql(
      publish,
      { input: { itemId: 'greeting.reply', source: edited, note: '标题修订' } },
      trainer,
    );
    expect(errors).toBeUndefined();
    expect(data.publishItemVersion.itemVersion).toEqual({
      itemId: 'greeting.reply',
      version: 2,
      publishedBy: 'liu.yang',
      note: '标题修订',
    });
    expect(data.publishItemVersion.quizVersions).toEqual([
      { quizId: 'onboarding', version: 2 },
      { quizId: 'phone-etiquette', version: 2 },
    ]);

    const quiz = await server.graphql(
      '{ quiz(id: "phone-etiquette") { version items { item { id title version } } } }',
      {},
      liNa,
    );
    expect(quiz.data.quiz.version).toBe(2);
    expect(quiz.data.quiz.items[1].item).toEqual({
      id: 'greeting.reply',
      title: '客户先问候时的回应(修订)',
      version: 2,
    });

    const after = await server.graphql(
      'mutation S($input: StartAttemptInput!) { startAttempt(input: $input) { id quizVersion } }',
      { input: { quizId: 'phone-etiquette' } },
      liNa,
    );
    expect(after.data.startAttempt.quizVersion).toBe(2);
    const newTry = await server.graphql(
      answer,
      {
        input: {
          attemptId: after.data.startAttempt.id,
          itemId: 'greeting.reply',
          answer: { text: '您好,请问有什么可以帮助您?' },
        },
      },
      liNa,
    );
    expect(newTry.data.answerItem.itemVersion).toBe(2);
    const kept = await createTrainingStore(server.store).getAttempt(before.data.startAttempt.id);
    expect(kept.responses.map((response) => response.itemVersion)).toEqual([1]);
  });

  it('grades recordAttempt with the published version and shows each try’s item as it was graded', async () => {
    const recorded = await server.graphql(
      `mutation R($input: RecordAttemptInput!) {
        recordAttempt(input: $input) { quizVersion responses { itemId itemVersion item { title } } }
      }`,
      {
        input: {
          quizId: 'phone-etiquette',
          responses: [{ itemId: 'greeting.reply', answer: { text: '您好,请问有什么可以帮助您?' } }],
        },
      },
      liNa,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordAttempt).toEqual({
      quizVersion: 2,
      responses: [{ itemId: 'greeting.reply', itemVersion: 2, item: { title: '客户先问候时的回应(修订)' } }],
    });
    const older = (await createTrainingStore(server.store).listAttempts({ trainee: 'li.na' })).find(
      (attempt) => attempt.quizVersion === 1,
    );
    const read = await server.graphql(
      'query A($id: ID!) { attempt(id: $id) { responses { itemVersion item { title } } } }',
      { id: older?.id },
      liNa,
    );
    expect(read.data.attempt.responses).toEqual([{ itemVersion: 1, item: { title: '客户先问候时的回应' } }]);
  });

  it('refuses publishing invalid YAML with each issue’s line and column, and writes nothing', async () => {
    const { errors } = await server.graphql(
      publish,
      { input: { itemId: 'greeting.opening', source: 'id: greeting.opening\ntype: script\n' } },
      trainer,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.extensions?.issues.length).toBeGreaterThan(0);
    expect(errors?.[0]?.extensions?.issues[0]).toHaveProperty('line');
    expect(await createTrainingStore(server.store).itemVersions('greeting.opening')).toEqual([]);
  });

  it('refuses authoring to an agent and a supervisor and writes nothing', async () => {
    for (const caller of [liNa, supervisor]) {
      const published = await server.graphql(
        publish,
        { input: { itemId: 'greeting.opening', source } },
        caller,
      );
      expect(published.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const tested = await server.graphql(ruleTest, { source, labelled }, caller);
      expect(tested.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const read = await server.graphql(itemSource, { id: 'greeting.opening' }, caller);
      expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await createTrainingStore(server.store).itemVersions('greeting.opening')).toEqual([]);
  });
});
