import { type AcknowledgeLink, createEmailSender, type DutyDirectory, type EmailSender } from '@kefu/notify';
import { createNotificationCenter, type NotificationCenter } from '@kefu/notify-store';
import type { Runtime } from '@kefu/runtime';

/** Nobody on duty anywhere: the directory until a roster is configured (rules naming users or endpoints still work). */
export const nobodyOnDuty: DutyDirectory = {
  onDuty: async () => [],
  workingHours: async () => true,
};

export interface ServerNotificationsOptions {
  runtime: Runtime;
  /** Who is on duty (`@kefu/roster`); default: nobody. */
  directory?: DutyDirectory;
  /** Signed acknowledgement links embedded in escalation messages (`@kefu/roster`); default: none. */
  acknowledgeLink?: AcknowledgeLink;
  /** `KEFU_SMTP_URL`: email is off without it. */
  smtpUrl?: string | undefined;
  /** `KEFU_SMTP_FROM`. */
  smtpFrom?: string | undefined;
  now?: () => Date;
}

/**
 * The notification center over the runtime's store, fed from its outbox (each delivered row is turned into
 * messages and delivered at once), announcing in-app notifications on the runtime's pub/sub.
 */
export function createServerNotifications(options: ServerNotificationsOptions): {
  center: NotificationCenter;
  email: EmailSender | undefined;
  close(): Promise<void>;
} {
  const { runtime } = options;
  const email = options.smtpUrl
    ? createEmailSender({ url: options.smtpUrl, from: options.smtpFrom ?? 'kefu <kefu@localhost>' })
    : undefined;
  const center = createNotificationCenter({
    store: runtime.store,
    directory: options.directory ?? nobodyOnDuty,
    email,
    acknowledgeLink: options.acknowledgeLink,
    now: options.now,
    pubSub: runtime.pubSub,
    context: async (id) => (await runtime.find(id))?.context,
  });
  const unsubscribe = runtime.onOutboxDelivered(center.handleOutbox);
  return {
    center,
    email,
    async close() {
      unsubscribe();
      await center.stop();
      email?.close();
    },
  };
}
