import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailSender } from './email-sender.js';
import { generateWebhookSecret, sendWebhook } from './webhook-sender.js';

const secret = generateWebhookSecret();
const verified: unknown[] = [];
const receiver = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => {
    raw += chunk;
  });
  request.on('end', () => {
    try {
      verified.push(new Webhook(secret).verify(raw, request.headers as Record<string, string>));
      response.writeHead(request.url === '/gone' ? 410 : 200).end();
    } catch {
      response.writeHead(401).end();
    }
  });
});
const raws: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    stream.on('end', () => {
      raws.push(raw);
      callback();
    });
  },
});
let base = '';
let smtpPort = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await new Promise((resolve) => smtp.close(() => resolve(undefined)));
});

describe('sendWebhook', () => {
  it('signs so that the Standard Webhooks reference implementation verifies it', async () => {
    const attempt = await sendWebhook({
      url: `${base}/hooks`,
      secrets: [secret],
      messageId: 'msg_1',
      body: '{"a":1}',
    });
    expect(attempt).toMatchObject({ status: 'delivered', responseCode: 200, error: null });
    expect(verified).toEqual([{ a: 1 }]);
  });

  it('records a failure with the response code when the receiver answers 410', async () => {
    const attempt = await sendWebhook({
      url: `${base}/gone`,
      secrets: [secret],
      messageId: 'msg_2',
      body: '{}',
    });
    expect(attempt).toMatchObject({ status: 'failed', responseCode: 410, error: 'HTTP 410' });
  });

  it('records a failure without a code when nothing listens', async () => {
    const attempt = await sendWebhook({
      url: 'http://127.0.0.1:1/',
      secrets: [secret],
      messageId: 'msg_3',
      body: '{}',
    });
    expect(attempt).toMatchObject({ status: 'failed', responseCode: null });
  });
});

describe('createEmailSender', () => {
  it('delivers to a real SMTP server with the message id in its headers', async () => {
    const email = createEmailSender({ url: `smtp://127.0.0.1:${smtpPort}`, from: 'kefu@example.test' });
    const attempt = await email.send({
      to: 'zhang.wei@example.test',
      subject: 'Hello',
      text: 'Body',
      messageId: 'msg_9',
    });
    email.close();
    expect(attempt).toMatchObject({ status: 'delivered', responseCode: 250 });
    expect(raws).toHaveLength(1);
    expect(raws[0]).toContain('Message-ID: <msg_9@kefu>');
    expect(raws[0]).toMatch(/^X-Kefu-Message-Id: msg_9\r$/im);
  });
});
