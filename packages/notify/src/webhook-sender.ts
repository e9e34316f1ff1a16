import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

/** What one delivery attempt came to: recorded per attempt (status, latency, response code). */
export interface DeliveryAttempt {
  status: 'delivered' | 'failed';
  /** HTTP status or SMTP reply code; null when no answer came (refused, timed out). */
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** A new endpoint secret in the Standard Webhooks format (`whsec_` + base64 of 24 random bytes). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The `webhook-signature` header for a message: one `v1,<base64 HMAC-SHA256>` per secret, space-separated, so
 * a receiver still holding the previous secret verifies during a rotation.
 */
export function signWebhook(
  secrets: readonly string[],
  messageId: string,
  signedAt: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, signedAt, body)).join(' ');
}

export interface SendWebhookOptions {
  url: string;
  /** The current secret first, then any still honoured after a rotation. */
  secrets: readonly string[];
  /** The `webhook-id`: the receiver's de-duplication key, the same on every retry and replay. */
  messageId: string;
  body: string;
  /** The `webhook-timestamp` (the moment of sending: receivers compare it with their own clock). */
  signedAt?: Date;
  timeoutMs?: number;
}

const messageOf = (error: unknown) =>
  error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);

/** POSTs one signed message (Standard Webhooks headers); a 2xx answer is a delivery, anything else a failure. */
export async function sendWebhook(options: SendWebhookOptions): Promise<DeliveryAttempt> {
  const signedAt = options.signedAt ?? new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'kefu-notify',
    'webhook-id': options.messageId,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': signWebhook(options.secrets, options.messageId, signedAt, options.body),
  };
  const started = performance.now();
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers,
      body: options.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer();
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const delivered = response.status >= 200 && response.status < 300;
    return {
      status: delivered ? 'delivered' : 'failed',
      responseCode: response.status,
      latencyMs,
      error: delivered ? null : `HTTP ${response.status}`,
    };
  } catch (error) {
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return { status: 'failed', responseCode: null, latencyMs, error: messageOf(error).slice(0, 500) };
  }
}
