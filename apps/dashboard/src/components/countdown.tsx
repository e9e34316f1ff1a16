import { useLanguage } from '../i18n.js';

/** `1h 02m 05s` from milliseconds. */
export function formatDuration(milliseconds: number): string {
  const total = Math.floor(Math.abs(milliseconds) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h ${pad(minutes)}m`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  return `${minutes}m ${pad(seconds)}s`;
}

/** Time left until `dueAt` on the client clock; past it, how late, marked as breached. */
export function Countdown({ dueAt, now, name }: { dueAt: string; now: number; name?: string }) {
  const { t } = useLanguage();
  const left = Date.parse(dueAt) - now;
  const overdue = left < 0;
  const urgency = overdue ? 'breached' : left < 5 * 60_000 ? 'soon' : 'ok';
  return (
    <span
      className={`countdown countdown-${urgency}`}
      data-testid="countdown"
      data-due-at={dueAt}
      title={`${name ?? ''} ${new Date(dueAt).toLocaleString()}`}
    >
      {name ? <span className="countdown-name">{name}</span> : null}
      {overdue ? `${t('overdueBy')} ${formatDuration(left)}` : `${t('dueIn')} ${formatDuration(left)}`}
    </span>
  );
}
