import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';
import { type DatabaseOptions, openDatabase } from '../open-database.js';

export interface NotifyTestOptions {
  secret?: string;
  json?: boolean;
}

interface PrintedAttempt {
  status: 'delivered' | 'failed';
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  messageId: string;
}

function print(attempt: PrintedAttempt, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(attempt)}\n`);
    return;
  }
  const code = attempt.responseCode === null ? 'no response' : `HTTP ${attempt.responseCode}`;
  const error = attempt.error && attempt.status === 'failed' ? `  ${attempt.error}` : '';
  process.stdout.write(
    `${attempt.status}  ${code}  ${attempt.latencyMs.toFixed(1)} ms  webhook-id ${attempt.messageId}${error}\n`,
  );
}

/** A signed test message straight to a URL (no database), with the secret given. */
async function testUrl(url: string, secret: string): Promise<PrintedAttempt> {
  const { randomUUID } = await import('node:crypto');
  const { sendWebhook } = await import('@kefu/notify');
  const messageId = `msg_test_${randomUUID().replaceAll('-', '')}`;
  const at = new Date().toISOString();
  const body = JSON.stringify({
    type: 'test',
    timestamp: at,
    data: { subject: '[Test] kefu notification test' },
  });
  return { ...(await sendWebhook({ url, secrets: [secret], messageId, body })), messageId };
}

/** A signed test message to a configured endpoint, with its stored secret. */
async function testEndpoint(id: string, options: DatabaseOptions): Promise<PrintedAttempt> {
  const { createNotificationCenter } = await import('@kefu/notify-store');
  const store = await openDatabase(options);
  try {
    const center = createNotificationCenter({
      store,
      directory: { onDuty: async () => [], workingHours: async () => true },
    });
    return await center.sendTest(id);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENDPOINT_NOT_FOUND')
      throw new CliError((error as Error).message, ExitCode.usage);
    throw error;
  } finally {
    await store.close();
  }
}

export function registerNotifyCommand(program: Command): void {
  const notify = program.command('notify').description('Notification channels: test a webhook endpoint.');
  notify
    .command('test')
    .description('Send a signed test message to a webhook endpoint now and print the attempt.')
    .argument('<endpoint>', 'a configured endpoint id (ep_…), or a URL with --secret')
    .option('--secret <whsec>', 'the signing secret for a URL (default: KEFU_WEBHOOK_SECRET)')
    .option('--json', 'print the attempt as one JSON line')
    .addHelpText(
      'after',
      `
The message carries the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).
An endpoint id is looked up in the database (--database-url, DATABASE_URL, else --data-dir) and signed with
its stored secret; it is sent once, without retries, and not stored. Exit code 0 when the receiver answered
2xx, 1 when it did not.
Examples:
  kefu notify test ep_3f2c…
  kefu notify test http://127.0.0.1:4500/hooks --secret whsec_…`,
    )
    .action(async (endpoint: string, options: NotifyTestOptions, command: Command) => {
      let attempt: PrintedAttempt;
      if (/^https?:\/\//.test(endpoint)) {
        const secret = options.secret ?? process.env.KEFU_WEBHOOK_SECRET;
        if (!secret) throw new CliError('A URL needs --secret whsec_… (or KEFU_WEBHOOK_SECRET) to sign with');
        if (!secret.startsWith('whsec_'))
          throw new CliError('--secret must be a Standard Webhooks secret (whsec_…)');
        attempt = await testUrl(endpoint, secret);
      } else {
        attempt = await testEndpoint(endpoint, command.optsWithGlobals() as DatabaseOptions);
      }
      print(attempt, options.json);
      if (attempt.status !== 'delivered') process.exitCode = ExitCode.failure;
    });
}
