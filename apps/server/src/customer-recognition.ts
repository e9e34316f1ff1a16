import type { CustomerStore, RecognitionResult } from '@kefu/customer-store';
import { parsePayload, type Runtime } from '@kefu/runtime';

/** What `openComplaint` passes to the runtime: the complaint input before its customer record is attached. */
export interface ComplaintOpening {
  customer: {
    name: string;
    phone?: string | null;
    email?: string | null;
    address?: string | null;
    grade?: 'A' | 'B' | 'C' | null;
  };
  channel: string;
  category: string;
  [field: string]: unknown;
}

/**
 * Attaches a complaint to its customer record: validates the input first (bad input changes nothing), finds the
 * customer by phone or email through the blind index or creates one, and fills in what the record knows — the
 * customer id, the contacts on record (so a second or third complaint on any channel is a second or many-time
 * contact), the grade (unless the caller typed one: an override kept for compatibility) and the member flag.
 */
export async function attachComplaintCustomer(
  runtime: Runtime,
  customers: CustomerStore,
  opening: ComplaintOpening,
  at: string,
): Promise<{ input: Record<string, unknown>; recognition: RecognitionResult }> {
  // Validated before the customer is looked up or created: bad input changes nothing.
  parsePayload(runtime.definition('complaint').input, {
    ...opening,
    customerId: 'pending',
    priorContacts: 0,
  });
  const { name, phone, email, address, grade } = opening.customer;
  const recognition = await customers.recognise({
    name,
    at,
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(address ? { address } : {}),
  });
  const record = recognition.customer;
  return {
    recognition,
    input: {
      ...opening,
      customerId: record.customerId,
      priorContacts: recognition.contact.previous,
      customer: { ...opening.customer, grade: grade ?? record.grade, member: record.member },
    },
  };
}

/** The `complaint.opened` entry of the customer's timeline, once the complaint exists. */
export async function recordComplaintOpened(
  customers: CustomerStore,
  recognition: RecognitionResult,
  complaint: { id: string; channel: string; category: string; at: string },
): Promise<void> {
  await customers.appendTimeline({
    customerId: recognition.customer.customerId,
    at: complaint.at,
    kind: 'complaint.opened',
    workflowId: complaint.id,
    data: {
      channel: complaint.channel,
      category: complaint.category,
      contactLevel: recognition.contact.level,
    },
  });
}
