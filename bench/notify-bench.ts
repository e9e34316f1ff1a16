/**
 * Notifications: webhook messages delivered per second by `@kefu/notify-store` (claimed from PostgreSQL, signed
 * with Standard Webhooks, POSTed, recorded) against a bare HTTP POST loop to the same local receiver; and the
 * delay from a missed record deadline being applied to its email and webhook arriving.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmailSender, type NotificationEvent } from '@kefu/notify';
import { createNotificationCenter, type NotificationCenter } from '@kefu/notify-store';
import { createRuntime, openStore, type Store } from '@kefu/runtime';
import { defaultReactions, defaultWorkflows } from '@kefu/workflows';
import { SMTPServer } from 'smtp-server';
import { dropSchema, resetSchema, schemaUrl } from './bench-database.js';
import type { BenchRow, BenchSection } from './bench-report.js';
import { median } from './bench-timing.js';

export interface NotifyBenchOptions {
  quick: boolean;
  databaseUrl: string;
}

const schema = 'kefu_bench_notify';

/** A local receiver that answers 204 and calls `onRequest` with the arrival time. */
async function startReceiver(onRequest: (headers: Record<string, unknown>, at: number) => void) {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      onRequest(request.headers, performance.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const directory = {
  onDuty: async () => ['zhang.wei'],
  workingHours: async () => true,
};

function breach(index: number): NotificationEvent {
  return {
    id: `bench-${index}:3:deadline.breached`,
    type: 'deadline.breached',
    at: '2026-03-02T01:10:00.000Z',
    workflowId: `bench-${index}`,
    complaintId: `bench-${index}`,
    facts: { deadline: 'record', dueAt: '2026-03-02T01:10:00.000Z' },
  };
}

/** Enqueues `count` breaches (one message per endpoint each), then times delivering them all; messages/s. */
async function deliverRate(center: NotificationCenter, count: number, endpoints: number): Promise<number> {
  for (let index = 0; index < count; index++) await center.notify(breach(index));
  const began = performance.now();
  while ((await center.deliverDue()) > 0) {
    // each run claims up to 100 due messages
  }
  const seconds = (performance.now() - began) / 1000;
  const pending = (await center.messages({ status: 'pending', limit: 1 })).length;
  if (pending > 0) throw new Error('messages were left undelivered');
  return (count * endpoints) / seconds;
}

/** `clients` concurrent loops POSTing `count` bodies in all to the receiver with fetch (no signing, no database). */
async function bareRate(url: string, count: number, clients: number): Promise<number> {
  const body = JSON.stringify({
    type: 'deadline.breached',
    timestamp: '2026-03-02T01:10:00.000Z',
    data: breach(0),
  });
  let sent = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < count) {
        sent += 1;
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - began) / 1000);
}

async function freshCenter(
  databaseUrl: string,
  endpointUrls: string[],
): Promise<{ store: Store; center: NotificationCenter }> {
  await resetSchema(databaseUrl, schema);
  const store = await openStore({ databaseUrl: schemaUrl(databaseUrl, schema), poolSize: 10 });
  const center = createNotificationCenter({ store, directory, concurrency: 8 });
  const endpoints = [];
  for (const [index, url] of endpointUrls.entries())
    endpoints.push((await center.createEndpoint({ name: `receiver ${index}`, url })).endpoint.id);
  await center.createRule({ name: 'bench', events: ['deadline.breached'], endpoints });
  return { store, center };
}

/** From the breach's commit to the webhook and the email arriving (runtime + center on PostgreSQL). */
async function breachDelay(
  databaseUrl: string,
  rounds: number,
): Promise<{ webhook: number[]; email: number[] }> {
  await resetSchema(databaseUrl, schema);
  const arrivals = { webhook: [] as number[], email: [] as number[] };
  const receiver = await startReceiver((_headers, at) => arrivals.webhook.push(at));
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        arrivals.email.push(performance.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const email = createEmailSender({
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    from: 'kefu@bench.test',
  });
  const store = await openStore({ databaseUrl: schemaUrl(databaseUrl, schema), poolSize: 10 });
  const runtime = createRuntime({ store, workflows: defaultWorkflows, reactions: defaultReactions });
  const center = createNotificationCenter({
    store,
    directory,
    email,
    context: async (id) => (await runtime.find(id))?.context,
  });
  runtime.onOutboxDelivered(center.handleOutbox);
  const endpoint = await center.createEndpoint({ name: 'ops', url: receiver.url });
  await center.setContactPoint({ userId: 'zhang.wei', email: 'zhang.wei@bench.test' });
  await center.createRule({
    name: 'escalations',
    events: ['escalation.raised'],
    recipients: [{ kind: 'addressee' }],
    channels: ['email'],
    endpoints: [endpoint.endpoint.id],
  });
  const delays = { webhook: [] as number[], email: [] as number[] };
  try {
    for (let round = 0; round < rounds; round++) {
      // A day and 7 minutes apart, and every earlier timer fired first: the earlier rounds' escalations climb
      // their ladders meanwhile, and only this round's breach is due at the measured moment.
      const at = new Date(Date.UTC(2026, 2, 2 + round, 1, round * 7));
      await runtime.start('complaint', {
        at: at.toISOString(),
        by: { userId: 'li.na', role: 'agent' },
        customer: { name: '王伟', phone: '13800000000', grade: 'B' },
        channel: 'phone',
        category: 'product-quality',
        summary: `电水壶漏水 ${round}`,
      });
      const due = new Date(at.getTime() + 10 * 60_000);
      while ((await runtime.fireDueTimers(new Date(due.getTime() - 1))).length > 0) {
        // flush what the earlier rounds left due
      }
      await runtime.deliverOutbox();
      await center.idle();
      arrivals.webhook.length = 0;
      arrivals.email.length = 0;
      const began = performance.now();
      await runtime.fireDueTimers(due);
      // Delivery runs in the background from the outbox commit; wait for it, then read the arrival times.
      await runtime.idle();
      await runtime.deliverOutbox();
      await center.idle();
      if (arrivals.webhook.length !== 1 || arrivals.email.length !== 1)
        throw new Error(
          `round ${round}: ${arrivals.webhook.length} webhooks, ${arrivals.email.length} emails`,
        );
      delays.webhook.push(arrivals.webhook[0]! - began);
      delays.email.push(arrivals.email[0]! - began);
    }
  } finally {
    await center.stop();
    email.close();
    await store.close();
    await receiver.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
  return delays;
}

export async function benchNotify(options: NotifyBenchOptions): Promise<BenchSection> {
  const count = options.quick ? 200 : 2_000;
  const rows: BenchRow[] = [];
  try {
    for (const endpoints of [1, 8]) {
      const receivers = await Promise.all(Array.from({ length: endpoints }, () => startReceiver(() => {})));
      const { store, center } = await freshCenter(
        options.databaseUrl,
        receivers.map((receiver) => receiver.url),
      );
      try {
        const kefu = await deliverRate(center, count, endpoints);
        const bare = await bareRate(receivers[0]!.url, count * endpoints, endpoints);
        rows.push({
          name: `webhooks delivered, ${endpoints} endpoint${endpoints === 1 ? '' : 's'}`,
          value: kefu,
          unit: 'notifications/s',
          baseline: { name: `bare POST loop, ${endpoints} concurrent`, value: bare },
          ratio: kefu / bare,
          label: `notify ${endpoints} ep`,
        });
      } finally {
        await center.stop();
        await store.close();
        for (const receiver of receivers) await receiver.close();
      }
    }
    const delays = await breachDelay(options.databaseUrl, options.quick ? 3 : 10);
    for (const channel of ['webhook', 'email'] as const) {
      const worst = Math.max(...delays[channel]);
      rows.push({
        name: `breach applied → ${channel} received (median ${median(delays[channel]).toFixed(0)} ms, worst of ${delays[channel].length})`,
        value: worst,
        unit: 'ms',
        goal: '< 2 s',
        met: worst < 2_000,
      });
    }
  } finally {
    await dropSchema(options.databaseUrl, schema);
  }
  return {
    title: 'Notifications (webhooks to a local receiver, PostgreSQL)',
    rows,
    notes: [
      `${count} events enqueued first (one message per endpoint each; not timed), then delivered by \`deliverDue\` runs: each message is claimed from PostgreSQL, signed (Standard Webhooks HMAC-SHA256), POSTed with fetch, and its attempt and status written back. Messages to one endpoint go one after another (the breaker sees each outcome); endpoints run side by side (8 workers).`,
      'The baseline POSTs a body of the same shape to the same receiver with fetch, as many loops at once as there are endpoints, with no database, signing or bookkeeping.',
      'The delay runs the whole path on PostgreSQL: the record deadline fires (`fireDueTimers`), the outbox delivers the breach, the reaction starts the escalation, its outbox row is turned into messages and delivered at once (no polling); measured from the call that applies the breach to the receiver and the SMTP server (both local) getting the message.',
    ],
  };
}
