// Helpers for this package's tests (not exported from index.ts): a real SMTP server, a real webhook receiver
// that verifies signatures as a receiver does, a clock the test moves, and a small duty directory.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DutyDirectory } from '@kefu/notify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  kefuMessageId: string;
}

/** A real SMTP server on 127.0.0.1 (any free port) that keeps what it receives. */
export async function startSmtpServer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed: ParsedMail) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').replace(/\n$/, ''),
            messageId: parsed.messageId ?? '',
            kefuMessageId: String(parsed.headers.get('x-kefu-message-id') ?? ''),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  id: string;
  body: unknown;
  raw: string;
}

export interface WebhookReceiver {
  url: string;
  /** Every request whose signature verified, in arrival order (duplicates included). */
  received: ReceivedWebhook[];
  /** Requests refused because the signature did not verify. */
  refused: number;
  /** How many times each `webhook-id` arrived verified. */
  countsById(): Record<string, number>;
  /** Answer with this status instead of 204 (to simulate a failing receiver). */
  failWith(status: number | null): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that verifies each request with `standardwebhooks`' `Webhook.verify`. */
export async function startWebhookReceiver(secret: () => string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let failure: number | null = null;
  let server: Server | undefined;
  let port = 0;
  const state = { refused: 0 };
  const listen = async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          const body = new Webhook(secret()).verify(raw, request.headers as Record<string, string>);
          if (failure !== null) {
            response.writeHead(failure).end();
            return;
          }
          received.push({ id: String(request.headers['webhook-id']), body, raw });
          response.writeHead(204).end();
        } catch {
          state.refused += 1;
          response.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as AddressInfo).port;
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    get refused() {
      return state.refused;
    },
    countsById() {
      const counts: Record<string, number> = {};
      for (const { id } of received) counts[id] = (counts[id] ?? 0) + 1;
      return counts;
    },
    failWith(status) {
      failure = status;
    },
    stop,
    start: listen,
    close: stop,
  };
}

/** A clock the test moves by hand. */
export function createTestClock(start: string) {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance(milliseconds: number) {
      current += milliseconds;
    },
    set(at: string) {
      current = Date.parse(at);
    },
  };
}

/** A small real duty directory: who holds each role in each team (the roster implements the real one). */
export function createFixedDutyDirectory(
  duty: Record<string, Record<string, string[]>>,
  workingHours = true,
): DutyDirectory {
  return {
    onDuty: async ({ team, role }) => duty[team]?.[role] ?? [],
    workingHours: async () => workingHours,
    members: async ({ team }) => [...new Set(Object.values(duty[team] ?? {}).flat())],
  };
}
