import { notificationEventsOf, renderNotification, signWebhook } from '@kefu/notify';

// What a complaint emitted when its record deadline passed, in the rules' vocabulary.
const [breach] = notificationEventsOf({
  workflowId: 'c-1',
  kind: 'complaint',
  seq: 3,
  event: {
    type: 'complaint.deadlineBreached',
    complaintId: 'c-1',
    deadline: 'record',
    dueAt: '2026-03-02T01:10:00.000Z',
    at: '2026-03-02T01:10:00.000Z',
  },
});

export const chinese = renderNotification(breach!, 'zh-CN'); // { subject: '【超时】投诉 c-1 的 record 时限已过', … }
export const english = renderNotification(breach!, 'en'); // { subject: '[Breach] Complaint c-1 missed its record deadline', … }

// The `webhook-signature` header of a Standard Webhooks message.
export const signature = signWebhook(
  ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  'msg_1',
  new Date('2026-03-02T01:10:00Z'),
  JSON.stringify({ type: breach!.type }),
); // 'v1,…'
