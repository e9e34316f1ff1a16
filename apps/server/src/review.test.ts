import { standardScorecard } from '@kefu/quiz-bank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestServer, type TestServer } from './test-support.js';

let server: TestServer;
let clock = new Date('2026-03-02T01:00:00.000Z');

const agent: Caller = { role: 'agent', user: 'li.na', team: 'east' };
const otherAgent: Caller = { role: 'agent', user: 'wang.wei', team: 'east' };
const supervisor: Caller = { role: 'supervisor', user: 'zhang.sup', team: 'east' };
const secondSupervisor: Caller = { role: 'supervisor', user: 'zhou.sup', team: 'east' };
const westSupervisor: Caller = { role: 'supervisor', user: 'xi.sup', team: 'west' };
const manager: Caller = { role: 'manager', user: 'wang.fang' };
const trainer: Caller = { role: 'trainer', user: 'sun.li', team: 'training' };

const criteria = standardScorecard().scorecard.sections.flatMap((section) => section.criteria);
/** Full marks on every criterion, with `overrides`. */
function ratings(overrides: Record<string, string> = {}) {
  return criteria.map((criterion) => ({
    criterionId: criterion.id,
    rating:
      overrides[criterion.id] ?? (criterion.scale === 'yes-no' ? 'yes' : String(criterion.scale.points)),
  }));
}

const complaints: Record<string, string> = {};

async function openComplaint(key: string, assignee: string, note: string, openedAt: string) {
  clock = new Date(openedAt);
  const by = { userId: assignee, role: 'agent' };
  const { workflow } = await server.runtime.start('complaint', {
    customer: { name: '王伟', phone: '13800000000', grade: 'B' },
    channel: 'phone',
    category: 'product-quality',
    summary: '电水壶使用两天后漏水',
    team: 'east',
    at: openedAt,
    by,
  });
  await server.runtime.send(workflow.id, {
    type: 'complaint.assign',
    assignee,
    at: openedAt,
    by: { userId: 'zhang.sup', role: 'supervisor' },
  });
  await server.runtime.send(workflow.id, {
    type: 'complaint.contact',
    channel: 'phone',
    note,
    at: openedAt,
    by,
  });
  complaints[key] = workflow.id;
  return workflow.id;
}

async function count(table: string): Promise<number> {
  const result = await server.store.db
    .selectFrom(table as 'workflows')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

beforeAll(async () => {
  server = await createTestServer({ dataDir: 'memory://review-test', now: () => clock });
  await openComplaint('rude', 'li.na', '喂,说话呀!再不说话我就挂了啊!', '2026-03-02T02:00:00.000Z');
  // A supervisor's own note on the complaint is not the agent's words: the grader leaves it out.
  await server.runtime.send(complaints.rude as string, {
    type: 'complaint.contact',
    channel: 'phone',
    note: '主管回电,已向客户致歉,谢谢客户的耐心',
    at: '2026-03-02T02:05:00.000Z',
    by: { userId: 'zhang.sup', role: 'supervisor' },
  });
  await openComplaint(
    'polite',
    'li.na',
    '您好,请问有什么可以帮助您?非常感谢您的反馈,祝您愉快,再见!',
    '2026-03-03T02:00:00.000Z',
  );
  await openComplaint('other', 'wang.wei', '您好,请问有什么可以帮助您?', '2026-03-03T03:00:00.000Z');
  await server.graphql('{ reviews { id } }', {}, manager); // applies the review tables
  clock = new Date('2026-03-04T08:00:00.000Z');
});
afterAll(() => server.close());

const submit = `mutation($input: SubmitReviewInput!) {
  submitReview(input: $input) {
    id agent score weightedScore passed criticalFailures { criterionId title }
    items { criterionId rating comment suggestedRating suggestionEvidence decision }
  }
}`;

describe('scorecard and review draft', () => {
  it('shows the standard scorecard with its critical items when an agent asks', async () => {
    const { data, errors } = await server.graphql(
      '{ scorecard { id version sections { title criteria { id critical } } } }',
      {},
      agent,
    );
    expect(errors).toBeUndefined();
    expect(data.scorecard).toMatchObject({ id: 'complaint-qa', version: 1 });
    const critical = data.scorecard.sections
      .flatMap((section: { criteria: { id: string; critical: string }[] }) => section.criteria)
      .filter((criterion: { critical: string }) => criterion.critical === 'review')
      .map((criterion: { id: string }) => criterion.id);
    expect(critical).toEqual(['no-forbidden-phrases', 'privacy-protected']);
  });

  it('pre-fills the forbidden-phrase item as failed, quoting the agent’s note and no one else’s, when the agent was rude', async () => {
    const { data, errors } = await server.graphql(
      'query($id: ID!) { reviewDraft(complaintId: $id) { agent texts suggestions { criterionId rating evidence } } }',
      { id: complaints.rude },
      supervisor,
    );
    expect(errors).toBeUndefined();
    expect(data.reviewDraft.agent).toBe('li.na');
    expect(data.reviewDraft.texts).toEqual(['喂,说话呀!再不说话我就挂了啊!']);
    const forbidden = data.reviewDraft.suggestions.find(
      (suggestion: { criterionId: string }) => suggestion.criterionId === 'no-forbidden-phrases',
    );
    expect(forbidden.rating).toBe('no');
    expect(forbidden.evidence).toContain('喂');
  });

  it('refuses the draft when an agent or another team’s supervisor asks', async () => {
    const query = 'query($id: ID!) { reviewDraft(complaintId: $id) { agent } }';
    const asAgent = await server.graphql(query, { id: complaints.rude }, agent);
    expect(asAgent.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const asWest = await server.graphql(query, { id: complaints.rude }, westSupervisor);
    expect(asWest.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('submitReview', () => {
  it('fails the review on the critical item and records the grader suggestion as confirmed', async () => {
    const { data, errors } = await server.graphql(
      submit,
      {
        input: {
          complaintId: complaints.rude,
          ratings: ratings({ 'no-forbidden-phrases': 'no', 'polite-words': 'yes' }).map((rating) =>
            rating.criterionId === 'no-forbidden-phrases'
              ? { ...rating, comment: '对客户说"喂,说话呀"' }
              : rating,
          ),
        },
      },
      supervisor,
    );
    expect(errors).toBeUndefined();
    expect(data.submitReview).toMatchObject({ agent: 'li.na', score: 0, passed: false });
    expect(data.submitReview.criticalFailures).toEqual([
      { criterionId: 'no-forbidden-phrases', title: '未使用禁语,无辱骂、指责、威胁客户' },
    ]);
    const items = Object.fromEntries(
      data.submitReview.items.map((item: { criterionId: string }) => [item.criterionId, item]),
    );
    expect(items['no-forbidden-phrases']).toMatchObject({
      rating: 'no',
      suggestedRating: 'no',
      decision: 'confirmed',
      comment: '对客户说"喂,说话呀"',
    });
    // The note has no polite words: the grader said no, the reviewer said yes.
    expect(items['polite-words']).toMatchObject({
      rating: 'yes',
      suggestedRating: 'no',
      decision: 'overridden',
    });
    expect(items.empathy).toMatchObject({ suggestedRating: null, decision: null });
  });

  it('writes nothing when an agent, a trainer or another team’s supervisor submits', async () => {
    const before = await count('reviews');
    for (const caller of [agent, trainer, westSupervisor]) {
      const { errors } = await server.graphql(
        submit,
        { input: { complaintId: complaints.polite, ratings: ratings() } },
        caller,
      );
      expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    expect(await count('reviews')).toBe(before);
  });

  it('names the bad rating and writes nothing when a criterion is left unrated', async () => {
    const before = await count('reviews');
    const { errors } = await server.graphql(
      submit,
      { input: { complaintId: complaints.polite, ratings: ratings().slice(1) } },
      supervisor,
    );
    expect(errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.extensions.fields).toEqual([
      {
        field: 'input.ratings.polite-words',
        message: 'criterion "使用礼貌用语(您好、请问、谢谢)" is not rated',
      },
    ]);
    expect(await count('reviews')).toBe(before);
  });
});

describe('reviews scope', () => {
  beforeAll(async () => {
    const { errors } = await server.graphql(
      submit,
      { input: { complaintId: complaints.other, ratings: ratings() } },
      supervisor,
    );
    expect(errors).toBeUndefined();
  });

  it('shows an agent only their own reviews', async () => {
    const { data } = await server.graphql('{ reviews { agent complaintId } }', {}, agent);
    expect(data.reviews).toEqual([{ agent: 'li.na', complaintId: complaints.rude }]);
  });

  it('refuses an agent who asks for another agent’s reviews or coaching', async () => {
    const reviews = await server.graphql('{ reviews(agent: "wang.wei") { id } }', {}, agent);
    expect(reviews.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const coaching = await server.graphql('{ coachingNotes(agent: "wang.wei") { id } }', {}, agent);
    expect(coaching.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const quality = await server.graphql('{ agentQuality(agent: "wang.wei") { reviews } }', {}, agent);
    expect(quality.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('hides another agent’s review by id when an agent asks', async () => {
    const { data } = await server.graphql('{ reviews(agent: "wang.wei") { id } }', {}, trainer);
    expect(data.reviews).toHaveLength(1);
    const byId = await server.graphql(
      'query($id: ID!) { review(id: $id) { id } }',
      { id: data.reviews[0].id },
      agent,
    );
    expect(byId.data.review).toBeNull();
  });

  it('refuses the review queue when an agent asks', async () => {
    const { errors } = await server.graphql('{ reviewQueue { complaintId } }', {}, agent);
    expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('calibration sessions', () => {
  const create = `mutation($input: CreateCalibrationSessionInput!) { createCalibrationSession(input: $input) { id status } }`;
  const score = `mutation($input: SubmitCalibrationScoreInput!) { submitCalibrationScore(input: $input) { id score } }`;
  const view = `query($id: ID!) { calibrationSession(id: $id) {
    status progress { reviewer complaintIds } scores { reviewer complaintId score }
    report { fleissKappa reviewers { reviewer lean } pairs { cohenKappa } disagreements { criterionId } }
    agreed { complaintId score }
  } }`;
  let sessionId: string;

  it('writes nothing when an agent opens a session', async () => {
    const before = await count('reviews_calibration_sessions');
    const { errors } = await server.graphql(
      create,
      { input: { title: 'x', complaintIds: [complaints.polite], reviewers: ['zhang.sup', 'zhou.sup'] } },
      agent,
    );
    expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count('reviews_calibration_sessions')).toBe(before);
  });

  it('keeps scores blind while open and shows kappa and lean once closed', async () => {
    const ids = [complaints.rude, complaints.polite, complaints.other] as string[];
    const created = await server.graphql(
      create,
      { input: { title: '三月校准', complaintIds: ids, reviewers: ['zhang.sup', 'zhou.sup'] } },
      supervisor,
    );
    expect(created.errors).toBeUndefined();
    sessionId = created.data.createCalibrationSession.id;
    const give = (caller: Caller, complaintId: string, overrides: Record<string, string>) =>
      server.graphql(score, { input: { sessionId, complaintId, ratings: ratings(overrides) } }, caller);
    for (const complaintId of ids) {
      const first = await give(
        supervisor,
        complaintId,
        complaintId === complaints.rude ? { 'no-forbidden-phrases': 'no' } : {},
      );
      expect(first.errors).toBeUndefined();
    }
    const outsider = await give(manager, complaints.polite as string, {});
    expect(outsider.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const whileOpen = await server.graphql(view, { id: sessionId }, secondSupervisor);
    expect(whileOpen.data.calibrationSession.scores).toEqual([]);
    expect(whileOpen.data.calibrationSession.report).toBeNull();
    expect(whileOpen.data.calibrationSession.progress).toEqual([
      { reviewer: 'zhang.sup', complaintIds: ids },
      { reviewer: 'zhou.sup', complaintIds: [] },
    ]);

    await give(secondSupervisor, complaints.rude as string, { 'no-forbidden-phrases': 'no', empathy: 'no' });
    await give(secondSupervisor, complaints.polite as string, { empathy: 'no' });
    await give(secondSupervisor, complaints.other as string, {});

    const agreed = ids.map((complaintId) => ({
      complaintId,
      ratings: ratings(complaintId === complaints.rude ? { 'no-forbidden-phrases': 'no' } : {}),
    }));
    const close = `mutation($input: CloseCalibrationSessionInput!) { closeCalibrationSession(input: $input) { status } }`;
    const notCreator = await server.graphql(close, { input: { sessionId, agreed } }, secondSupervisor);
    expect(notCreator.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const closed = await server.graphql(close, { input: { sessionId, agreed } }, supervisor);
    expect(closed.errors).toBeUndefined();

    const after = await server.graphql(view, { id: sessionId }, trainer);
    const session = after.data.calibrationSession;
    expect(session.status).toBe('closed');
    expect(session.scores).toHaveLength(6);
    // polite: zhang 1, zhou 0.9 (empathy is ⅓ of the 25 % attitude section): consensus 0.95.
    expect(session.report.reviewers.map((lean: { reviewer: string }) => lean.reviewer)).toEqual([
      'zhang.sup',
      'zhou.sup',
    ]);
    expect(session.report.reviewers[0].lean).toBeGreaterThan(0);
    expect(session.report.reviewers[1].lean).toBeCloseTo(-session.report.reviewers[0].lean, 9);
    expect(session.report.disagreements).toEqual([{ criterionId: 'empathy' }]);
    expect(typeof session.report.fleissKappa).toBe('number');
    expect(session.agreed.map((review: { score: number }) => review.score).sort()).toEqual([0, 1, 1]);
  });
});

describe('coaching', () => {
  const add = `mutation($input: AddCoachingNoteInput!) { addCoachingNote(input: $input) { id agent } }`;
  const acknowledge = `mutation($input: AcknowledgeCoachingInput!) { acknowledgeCoaching(input: $input) { acknowledgedAt acknowledgement } }`;

  it('lets only the reviewed agent acknowledge the note, and writes nothing for refused callers', async () => {
    const { data: reviewed } = await server.graphql('{ reviews(agent: "li.na") { id } }', {}, supervisor);
    const reviewId = reviewed.reviews[0].id;
    const before = await count('reviews_coaching_notes');
    const refused = await server.graphql(add, { input: { reviewId, text: '不要说喂' } }, agent);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count('reviews_coaching_notes')).toBe(before);

    const added = await server.graphql(
      add,
      { input: { reviewId, text: '开场要说"您好",不要说"喂"。' } },
      supervisor,
    );
    expect(added.data.addCoachingNote.agent).toBe('li.na');
    const noteId = added.data.addCoachingNote.id;

    const wrongAgent = await server.graphql(acknowledge, { input: { noteId } }, otherAgent);
    expect(wrongAgent.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const bySupervisor = await server.graphql(acknowledge, { input: { noteId } }, supervisor);
    expect(bySupervisor.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const stillOpen = await server.graphql('{ coachingNotes { acknowledgedAt } }', {}, agent);
    expect(stillOpen.data.coachingNotes).toEqual([{ acknowledgedAt: null }]);

    clock = new Date('2026-03-05T01:00:00.000Z');
    const done = await server.graphql(acknowledge, { input: { noteId, comment: '明白,以后注意' } }, agent);
    expect(done.data.acknowledgeCoaching).toEqual({
      acknowledgedAt: '2026-03-05T01:00:00.000Z',
      acknowledgement: '明白,以后注意',
    });
    const others = await server.graphql('{ coachingNotes { id } }', {}, otherAgent);
    expect(others.data.coachingNotes).toEqual([]);
  });

  it('shows the agent their quality trend and certification status', async () => {
    const { data, errors } = await server.graphql(
      '{ agentQuality { agent reviews meanScore trend { week reviews } certification { certified cutScore } } }',
      {},
      agent,
    );
    expect(errors).toBeUndefined();
    // The review of the rude call (0) and two agreed scores (rude 0, polite 1).
    expect(data.agentQuality).toMatchObject({
      agent: 'li.na',
      reviews: 3,
      trend: [{ week: '2026-03-02', reviews: 3 }],
    });
    expect(data.agentQuality.meanScore).toBeCloseTo(1 / 3, 9);
    expect(data.agentQuality.certification).toEqual({ certified: false, cutScore: 0.8 });
  });
});

describe('sampleReviewQueue', () => {
  const sample = `mutation($input: SampleReviewQueueInput!) { sampleReviewQueue(input: $input) { added sampled { complaintId agent reason } } }`;

  it('writes nothing when an agent samples', async () => {
    const before = await count('reviews_queue');
    const { errors } = await server.graphql(
      sample,
      { input: { week: '2026-03-02T00:00:00Z', perAgent: 1, seed: 's' } },
      agent,
    );
    expect(errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count('reviews_queue')).toBe(before);
  });

  it('samples only their team’s complaints when a supervisor samples', async () => {
    const { data, errors } = await server.graphql(
      sample,
      { input: { week: '2026-03-04T00:00:00Z', perAgent: 5, seed: 's' } },
      westSupervisor,
    );
    expect(errors).toBeUndefined();
    expect(data.sampleReviewQueue).toEqual({ added: 0, sampled: [] });
  });

  it('queues every breached complaint plus N per agent, the same ones again for the same seed', async () => {
    // The record limit (10 minutes) of every complaint has passed: all three are breached.
    clock = new Date('2026-03-06T00:00:00.000Z');
    await server.runtime.fireDueTimers(clock, 100);
    const late = await openComplaint('fresh', 'wang.wei', '您好', '2026-03-06T01:00:00.000Z');
    clock = new Date('2026-03-06T01:05:00.000Z');
    const first = await server.graphql(
      sample,
      { input: { week: '2026-03-04T00:00:00Z', perAgent: 1, seed: 's' } },
      manager,
    );
    expect(first.errors).toBeUndefined();
    const sampled = first.data.sampleReviewQueue.sampled;
    expect(sampled.filter((entry: { reason: string }) => entry.reason === 'breached')).toHaveLength(3);
    expect(sampled.filter((entry: { reason: string }) => entry.reason === 'sample')).toEqual([
      { complaintId: late, agent: 'wang.wei', reason: 'sample' },
    ]);
    expect(first.data.sampleReviewQueue.added).toBe(4);
    const again = await server.graphql(
      sample,
      { input: { week: '2026-03-04T00:00:00Z', perAgent: 1, seed: 's' } },
      manager,
    );
    expect(again.data.sampleReviewQueue).toMatchObject({ added: 0, sampled });
    const queue = await server.graphql('{ reviewQueue(status: "reviewed") { complaintId } }', {}, trainer);
    expect(queue.data.reviewQueue.map((entry: { complaintId: string }) => entry.complaintId).sort()).toEqual(
      [complaints.other, complaints.rude].sort(),
    );
  });
});

describe('role scopes of every QA operation', () => {
  it('refuses each operation outside its roles and writes no row when it does', async () => {
    const tables = [
      'reviews',
      'reviews_items',
      'reviews_queue',
      'reviews_calibration_sessions',
      'reviews_coaching_notes',
    ];
    const before = await Promise.all(tables.map(count));
    const { data: sessions } = await server.graphql('{ calibrationSessions { id } }', {}, manager);
    const sessionId = sessions.calibrationSessions[0].id;
    const { data: reviewed } = await server.graphql('{ reviews(agent: "li.na") { id } }', {}, manager);
    const reviewId = reviewed.reviews[0].id;
    const { data: notes } = await server.graphql('{ coachingNotes { id } }', {}, manager);
    const noteId = notes.coachingNotes[0].id;
    const refused: [string, Record<string, unknown>, Caller][] = [
      ['{ calibrationSessions { id } }', {}, agent],
      ['query($id: ID!) { calibrationSession(id: $id) { id } }', { id: sessionId }, agent],
      ['{ reviewQueue { complaintId } }', {}, agent],
      ['query($id: ID!) { reviewDraft(complaintId: $id) { agent } }', { id: complaints.polite }, trainer],
      [
        'mutation($input: SampleReviewQueueInput!) { sampleReviewQueue(input: $input) { added } }',
        { input: { week: '2026-03-02T00:00:00Z', perAgent: 1, seed: 's' } },
        trainer,
      ],
      [
        'mutation($input: CreateCalibrationSessionInput!) { createCalibrationSession(input: $input) { id } }',
        { input: { title: 't', complaintIds: [complaints.polite], reviewers: ['a', 'b'] } },
        trainer,
      ],
      [
        'mutation($input: SubmitCalibrationScoreInput!) { submitCalibrationScore(input: $input) { id } }',
        { input: { sessionId, complaintId: complaints.polite, ratings: ratings() } },
        agent,
      ],
      [
        'mutation($input: CloseCalibrationSessionInput!) { closeCalibrationSession(input: $input) { id } }',
        { input: { sessionId, agreed: [] } },
        trainer,
      ],
      [
        'mutation($input: AddCoachingNoteInput!) { addCoachingNote(input: $input) { id } }',
        { input: { reviewId, text: 'x' } },
        trainer,
      ],
      [
        'mutation($input: AcknowledgeCoachingInput!) { acknowledgeCoaching(input: $input) { id } }',
        { input: { noteId } },
        manager,
      ],
    ];
    const codes = [];
    for (const [query, variables, caller] of refused) {
      const { errors } = await server.graphql(query, variables, caller);
      codes.push(errors?.[0]?.extensions.code);
    }
    expect(codes).toEqual(refused.map(() => 'FORBIDDEN'));
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('asks anonymous callers to sign in when they call a QA operation', async () => {
    const { errors } = await server.graphql('{ scorecard { id } }', {}, null);
    expect(errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
