// Helpers for this package's tests and for the tests of packages built on it, as `@kefu/runtime/test-support`
// (a separate entry: nothing here is exported from index.ts).
import type { Kysely, KyselyPlugin } from 'kysely';
import { assign, emit, setup } from 'xstate';
import { z } from 'zod';
import { generateDataKey } from './data-cipher.js';
import type { Database } from './database-schema.js';
import { InvalidPayload, type ValidationIssue } from './runtime-errors.js';
import { defineWorkflow } from './workflow-definition.js';

const actorSchema = z.object({ userId: z.string().min(1), role: z.string().min(1) });
const instant = z.string().datetime({ offset: true });

const ticketInputSchema = z.object({
  at: instant,
  by: actorSchema,
  customer: z.object({ name: z.string().min(1), phone: z.string().optional() }),
  /** Minutes from `at` until the `reply` deadline. */
  replyWithinMinutes: z.number().int().positive(),
});
type TicketInput = z.infer<typeof ticketInputSchema>;

const ticketEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket.note'), at: instant, by: actorSchema, text: z.string().max(100_000) }),
  z.object({
    type: z.literal('ticket.deadlineReached'),
    at: instant,
    by: actorSchema,
    deadline: z.string(),
    dueAt: instant,
    timerId: z.string().optional(),
    lateBy: z.number().nonnegative().optional(),
  }),
  z.object({ type: z.literal('ticket.close'), at: instant, by: actorSchema }),
]);
type TicketEvent = z.infer<typeof ticketEventSchema>;

interface TicketContext {
  ticketId: string;
  customer: { name: string; phone?: string | undefined };
  notes: string[];
  breaches: Array<{ deadline: string; lateBy: number | undefined }>;
  deadlines: Record<string, { dueAt: string; event: string; startedAt: string }>;
}

/** A small machine with a deadline, personal data and an unbounded event, for runtime tests. */
export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent,
    input: {} as TicketInput & { ticketId: string },
    emitted: {} as { type: 'ticket.breached'; ticketId: string; deadline: string; at: string },
  },
  guards: {
    isCurrentDeadline: ({ context, event }) =>
      event.type === 'ticket.deadlineReached' &&
      context.deadlines[event.deadline] !== undefined &&
      Date.parse(context.deadlines[event.deadline]!.dueAt) === Date.parse(event.dueAt),
  },
  actions: {
    addNote: assign({
      notes: ({ context, event }) =>
        event.type === 'ticket.note' ? [...context.notes, event.text] : context.notes,
    }),
    recordBreach: assign(({ context, event }) => {
      if (event.type !== 'ticket.deadlineReached') return {};
      const { [event.deadline]: _done, ...deadlines } = context.deadlines;
      return {
        deadlines,
        breaches: [...context.breaches, { deadline: event.deadline, lateBy: event.lateBy }],
      };
    }),
    announceBreach: emit(({ context, event }) => ({
      type: 'ticket.breached' as const,
      ticketId: context.ticketId,
      deadline: event.type === 'ticket.deadlineReached' ? event.deadline : '',
      at: event.at,
    })),
    clearDeadlines: assign({ deadlines: () => ({}) }),
  },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({
    ticketId: input.ticketId,
    customer: input.customer,
    notes: [],
    breaches: [],
    deadlines: {
      reply: {
        dueAt: new Date(Date.parse(input.at) + input.replyWithinMinutes * 60_000).toISOString(),
        event: 'ticket.deadlineReached',
        startedAt: input.at,
      },
    },
  }),
  initial: 'open',
  states: {
    open: {
      on: {
        'ticket.note': { actions: 'addNote' },
        'ticket.deadlineReached': { guard: 'isCurrentDeadline', actions: ['recordBreach', 'announceBreach'] },
        'ticket.close': { target: 'closed', actions: 'clearDeadlines' },
      },
    },
    closed: {},
  },
});

export const ticketWorkflow = defineWorkflow({
  kind: 'ticket',
  machine: ticketMachine,
  version: 1,
  input: ticketInputSchema,
  event: ticketEventSchema,
  personalData: ['customer.name', 'customer.phone'],
  machineInput: (ticketId, input: TicketInput) => ({ ...input, ticketId }),
  project: (snapshot) => ({ breached: snapshot.context.breaches.length > 0 }),
  columns: { breached: { column: 'ticket_breached', type: 'boolean' } },
  tables: [
    {
      id: 'test_ticket_0001',
      up: 'alter table workflows add column if not exists ticket_breached boolean not null default false',
    },
  ],
  eventRoles: { 'ticket.note': ['agent'], 'ticket.close': ['agent'], 'ticket.deadlineReached': ['system'] },
});

export const agent = { userId: 'li.na', role: 'agent' };

export function ticketInput(at: string, replyWithinMinutes = 30) {
  return { at, by: agent, customer: { name: '王伟', phone: '13800000000' }, replyWithinMinutes };
}

export function note(at: string, text: string) {
  return { type: 'ticket.note', at, by: agent, text };
}

/** One key for every instance in a test: they must share it to read each other's rows. */
export const testDataKey = generateDataKey();

export const postgresUrl = process.env.KEFU_TEST_DATABASE_URL;
export const redisUrl = process.env.KEFU_TEST_REDIS_URL;
export const skipPostgres = 'needs PostgreSQL: set KEFU_TEST_DATABASE_URL (.ci/run does)';
export const skipRedis = 'needs PostgreSQL and Redis: set KEFU_TEST_DATABASE_URL and KEFU_TEST_REDIS_URL';

/**
 * A fresh schema for one test file, so parallel files never share tables. Returns a connection string whose
 * `search_path` points at it, and a function that drops it.
 */
export async function createTestSchema(
  baseUrl: string,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const schema = `kefu_test_${label}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/gi, '_');
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop schema if exists ${schema} cascade`);
      await dropper.end();
    },
  };
}

/**
 * A Kysely plugin that records the kind of every statement sent through it (query builder and raw `sql` alike),
 * and the list it records into: empty that (`statements.length = 0`) before the calls to count.
 */
export function statementRecorder(): { plugin: KyselyPlugin; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements.push(args.node.kind);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  return { plugin, statements };
}

/** How many rows `table` holds. */
export async function rowCount(db: Kysely<Database>, table: string): Promise<number> {
  const result = await db
    .selectFrom(table as 'workflows')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

/**
 * The `{ path, message }` issues of the `InvalidPayload` the call is refused with; throws when the call succeeds or
 * fails otherwise.
 */
export async function refusal(call: Promise<unknown>): Promise<ValidationIssue[]> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof InvalidPayload) return error.issues;
  throw new Error(
    `expected the call to be refused with InvalidPayload, but it ${error === undefined ? 'succeeded' : `failed with ${String(error)}`}`,
  );
}
