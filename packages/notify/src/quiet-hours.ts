import type { QuietPreference } from './notification-types.js';

const minutesOf = (clock: string) => {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** Whether `at` falls inside the quiet hours (in the preference's time zone; the window may wrap past midnight). */
export function isQuietAt(preference: QuietPreference, at: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: preference.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  const now = hour * 60 + minute;
  const from = minutesOf(preference.from);
  const until = minutesOf(preference.until);
  if (from === until) return false;
  return from < until ? now >= from && now < until : now >= from || now < until;
}
