import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';
import type { DeliveryAttempt } from './webhook-sender.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Becomes the `Message-ID` (`<messageId@kefu>`) and `X-Kefu-Message-Id`: the same on every retry. */
  messageId: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<DeliveryAttempt>;
  close(): void;
}

/**
 * Sends email over SMTP with nodemailer. `url` is an SMTP connection string (`smtp://user:pass@host:25`,
 * `smtps://…` for TLS); `from` the sender address.
 */
export function createEmailSender(options: { url: string; from: string; timeoutMs?: number }): EmailSender {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = createTransport(options.url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof createTransport>[1]);
  return {
    async send(message) {
      const started = performance.now();
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: `<${message.messageId}@kefu>`,
          headers: { 'X-Kefu-Message-Id': message.messageId },
        });
        const code = Number.parseInt(String(info.response ?? '').slice(0, 3), 10);
        return {
          status: 'delivered',
          responseCode: Number.isNaN(code) ? 250 : code,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          error: null,
        };
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        return {
          status: 'failed',
          responseCode: typeof responseCode === 'number' ? responseCode : null,
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        };
      }
    },
    close: () => transport.close(),
  };
}
