import {
  createMemoryCustomerDirectory,
  defaultRevisitPolicy,
  generateCustomerProfiles,
  planRuleFor,
  type RevisitRecordForm,
} from '@kefu/revisit';
import { createRuntime, generateDataKey, openStore, type Runtime, type Store } from '@kefu/runtime';
import { durationToMilliseconds, toLocalTime } from '@kefu/sla';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkflows } from './default-workflows.js';
import {
  recordRevisitsOnTimeline,
  revisitCoverageOf,
  revisitSummaryOf,
  runRevisitPlan,
} from './revisit-programme.js';
import { defaultReactions } from './workflow-links.js';

const postgresUrl = process.env.KEFU_TEST_DATABASE_URL;
const schemaName = `kefu_test_revisits_${process.pid}_${Date.now().toString(36)}`;
const supervisor = { userId: 'sup-1', role: 'supervisor' } as const;
const agent = { userId: 'agent-7', role: 'agent' } as const;
const day = durationToMilliseconds({ days: 1 });

/** The period planned: March 2026. The clock starts at its first instant. */
const period = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z' };

/**
 * 1,000 customers whose last revisit makes each member due once in the period: the last revisit was one plan
 * period before the start, plus up to 29 days and any minute (so triggers fall at night, at lunch and in
 * working hours on each customer's clock).
 */
const profiles = generateCustomerProfiles(1000);
const lastRevisits = profiles.flatMap((profile, index) => {
  const rule = planRuleFor(defaultRevisitPolicy, profile);
  if (!rule) return [];
  const offset = ((index * 7919) % (29 * 24 * 60)) * 60_000;
  return [
    {
      customerId: profile.customerId,
      at: new Date(Date.parse(period.from) - durationToMilliseconds(rule.every) + offset).toISOString(),
      kind: 'revisit.recorded' as const,
      data: { satisfaction: 'satisfied' },
    },
  ];
});
const members = profiles.filter((profile) => profile.member).map((profile) => profile.customerId);

let store: Store;
let runtime: Runtime;
const directory = createMemoryCustomerDirectory(profiles, lastRevisits);
const reactionErrors: unknown[] = [];

beforeAll(async () => {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`create schema ${schemaName}`);
  await client.end();
  const url = new URL(postgresUrl!);
  url.searchParams.set('options', `-c search_path=${schemaName}`);
  store = await openStore({ databaseUrl: url.toString(), dataKey: generateDataKey(), poolSize: 4 });
  runtime = createRuntime({
    store,
    workflows: defaultWorkflows,
    reactions: defaultReactions,
    onReactionError: (error) => reactionErrors.push(error),
  });
  recordRevisitsOnTimeline(runtime, directory);
});

afterAll(async () => {
  await runtime?.idle();
  await store?.close();
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`drop schema if exists ${schemaName} cascade`);
  await client.end();
});

const form = (satisfaction: RevisitRecordForm['satisfaction']): RevisitRecordForm => ({
  method: 'phone',
  opinionOfCompany: '合作愉快',
  opinionOfService: '响应及时',
  satisfaction,
  ...(satisfaction === 'satisfied' ? { suggestions: '希望多做促销' } : { unsatisfiedWith: '配送太慢' }),
});

interface Row {
  id: string;
  customerId: string;
  triggerAt: Date;
  scheduledAt: Date;
  dueAt: Date;
}

async function revisitRows(): Promise<Row[]> {
  return (await store.db
    .selectFrom('workflows')
    .select([
      'id',
      'revisit_customer_id as customerId',
      'revisit_trigger_at as triggerAt',
      'revisit_scheduled_at as scheduledAt',
      'revisit_due_at as dueAt',
    ])
    .where('kind', '=', 'revisit')
    .orderBy('revisit_scheduled_at')
    .orderBy('id')
    .execute()) as Row[];
}

describe.skipIf(!postgresUrl)('the revisit programme on PostgreSQL, driven by a test clock', () => {
  it('generates one revisit workflow for every member customer when the plan runs over 1,000 customers', async () => {
    const run = await runRevisitPlan({ runtime, directory, ...period, at: period.from });
    expect(run.created.length).toBe(members.length);
    const rows = await revisitRows();
    expect(new Set(rows.map((row) => row.customerId))).toEqual(new Set(members));
    expect(rows.length).toBe(members.length);
  }, 300_000);

  it('schedules no revisit in rest hours (lunch or night) and none more than 3 days after its trigger', async () => {
    const zones = new Map(profiles.map((profile) => [profile.customerId, profile.timeZone]));
    const rows = await revisitRows();
    const restMinutes = rows
      .map((row) => toLocalTime(row.scheduledAt, zones.get(row.customerId)!).minuteOfDay)
      .filter((minute) => minute < 9 * 60 || minute >= 21 * 60 || (minute >= 12 * 60 && minute < 14 * 60));
    expect(restMinutes).toEqual([]);
    const late = rows.filter(
      (row) =>
        row.scheduledAt.getTime() - row.triggerAt.getTime() > 3 * day ||
        row.dueAt.getTime() - row.triggerAt.getTime() > 3 * day,
    );
    expect(late).toEqual([]);
    // Triggers fell in the rest hours and were moved: the plan had work to do.
    expect(rows.filter((row) => row.scheduledAt.getTime() > row.triggerAt.getTime()).length).toBeGreaterThan(
      100,
    );
  });

  it('creates nothing new when the plan runs a second time for the same period', async () => {
    const again = await runRevisitPlan({ runtime, directory, ...period, at: '2026-03-01T06:00:00.000Z' });
    expect(again.created).toEqual([]);
    expect((await revisitRows()).length).toBe(members.length);
  });

  it('retries an unreachable customer when the clock reaches the retry time, never in the lunch rest', async () => {
    const [row] = (await revisitRows()).filter(
      (candidate) =>
        zonesOf(candidate.customerId) === 'Asia/Shanghai' && localHour(candidate.scheduledAt) <= 10,
    );
    const id = row!.id;
    const callAt = new Date(row!.scheduledAt.getTime() + 60 * 60_000).toISOString(); // ≤ 11:00, retry ≥ 12:00 → 14:00
    await runtime.send(id, { type: 'revisit.assign', assignee: agent.userId, at: callAt, by: supervisor });
    await runtime.send(id, { type: 'revisit.unreachable', method: 'phone', at: callAt, by: agent });
    const retryAt = (await runtime.timers(id)).find(
      (timer) => timer.name === 'retry' && !timer.firedAt,
    )!.dueAt;
    expect(toLocalTime(retryAt, 'Asia/Shanghai')).toMatchObject({ hour: 14, minute: 0 });

    await runtime.fireDueTimers(new Date(Date.parse(retryAt) - 60_000), 5000);
    expect((await runtime.get(id)).state).toBe('attempted');
    await runtime.fireDueTimers(new Date(retryAt), 5000);
    const retried = await runtime.get(id);
    expect(retried.state).toBe('assigned');
    expect((retried.context.attempts as unknown[]).length).toBe(1);
  });

  it('reaches 100% coverage of member customers when the clock is driven through the period', async () => {
    const before = await revisitCoverageOf(runtime, directory, period);
    expect(before).toMatchObject({ members: members.length, revisited: 0, met: false });

    // The clock steps through the period by the hour: due timers fire, then every revisit callable in
    // that hour is called at its scheduled time (four calls at once).
    const rows = await revisitRows();
    const neutralIds = new Set(rows.filter((_, index) => index % 50 === 1).map((row) => row.id));
    const pending = new Map(rows.map((row) => [row.id, row]));
    for (let clock = Date.parse(period.from); pending.size > 0 && clock < Date.parse(period.to) + 4 * day; ) {
      // Hours with nothing to call are skipped: the clock jumps to the hour of the next scheduled call.
      const nextCall = Math.min(...[...pending.values()].map((row) => row.scheduledAt.getTime()));
      clock = Math.max(clock + 60 * 60_000, Math.ceil((nextCall + 1) / (60 * 60_000)) * 60 * 60_000);
      await runtime.fireDueTimers(new Date(clock), 5000);
      const due = [...pending.values()].filter((row) => row.scheduledAt.getTime() < clock);
      let next = 0;
      const callNext = async (): Promise<void> => {
        const row = due[next++];
        if (!row) return;
        const current = await runtime.get(row.id);
        const callAt = String(current.context.scheduledAt);
        if (current.state === 'planned') {
          await runtime.send(row.id, {
            type: 'revisit.assign',
            assignee: agent.userId,
            at: callAt,
            by: supervisor,
          });
        }
        const satisfaction = neutralIds.has(row.id) ? 'neutral' : 'satisfied';
        await runtime.send(row.id, {
          type: 'revisit.record',
          record: form(satisfaction),
          at: callAt,
          by: agent,
        });
        pending.delete(row.id);
        return callNext();
      };
      await Promise.all([callNext(), callNext(), callNext(), callNext()]);
    }
    expect(pending.size).toBe(0);
    await runtime.idle();
    const after = await revisitCoverageOf(runtime, directory, period);
    expect(after).toMatchObject({ members: members.length, revisited: members.length, share: 1, met: true });
    expect(after.notRevisited).toEqual([]);
    const recordedOnTimeline = directory.entries.filter(
      (entry) => entry.kind === 'revisit.recorded' && entry.workflowId !== undefined,
    );
    expect(recordedOnTimeline.length).toBe(members.length);
  }, 600_000);

  it('opened improvement work for each neutral answer and summarises the period', async () => {
    const report = await revisitSummaryOf(runtime, directory, { ...period, at: period.to });
    const neutral = report.followUps.filter((item) => item.satisfaction === 'neutral');
    expect(neutral.length).toBe(Math.ceil((members.length - 1) / 50));
    expect(report.results).toMatchObject({ revisits: members.length, recorded: members.length, missed: 0 });
    expect(report.coverage?.met).toBe(true);
    const improvement = await runtime.get(`escalation:${neutral[0]!.revisitId}:improvement`);
    expect(improvement.context).toMatchObject({ reason: 'unsatisfiedRevisit' });
    expect(reactionErrors).toEqual([]);
  });

  it('opens a complaint when a revisit answer is unsatisfied', async () => {
    const id = 'revisit:unsatisfied-1';
    await runtime.start(
      'revisit',
      {
        at: '2026-03-02T02:00:00Z',
        by: supervisor,
        customerId: 'customer-0001',
        class: 'channel',
        grade: 'A',
        tier: 'premium',
        member: true,
        timeZone: 'Asia/Shanghai',
        reason: 'afterComplaint',
        triggerAt: '2026-03-02T02:00:00Z',
      },
      { id },
    );
    await runtime.send(id, {
      type: 'revisit.assign',
      assignee: agent.userId,
      at: '2026-03-02T02:10:00Z',
      by: supervisor,
    });
    await runtime.send(id, {
      type: 'revisit.record',
      record: form('unsatisfied'),
      at: '2026-03-02T02:20:00Z',
      by: agent,
    });
    await runtime.idle();
    const complaint = await runtime.get(`complaint:${id}`);
    expect(complaint.kind).toBe('complaint');
    expect(complaint.context).toMatchObject({ category: 'revisit', channel: 'phone' });
    expect(await runtime.verify(id)).toMatchObject({ hashChainIntact: true, replayMatchesSnapshot: true });
    expect(reactionErrors).toEqual([]);
  });
});

function zonesOf(customerId: string): string {
  return profiles.find((profile) => profile.customerId === customerId)!.timeZone;
}

function localHour(at: Date): number {
  return toLocalTime(at, 'Asia/Shanghai').hour;
}
