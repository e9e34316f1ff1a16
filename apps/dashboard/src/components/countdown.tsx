import { useLanguage } from '../i18n.js';

const units = {
  en: { d: 'd', h: 'h', m: 'm', s: 's', gap: ' ' },
  zh: { d: '天', h: '小时', m: '分', s: '秒', gap: '' },
} as const;

/** `1h 02m 05s` (en) or `1小时02分05秒` (zh) from milliseconds: a ticking countdown, down to the second. */
export function formatDuration(milliseconds: number, language: 'en' | 'zh' = 'en'): string {
  const u = units[language];
  const total = Math.floor(Math.abs(milliseconds) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return `${days}${u.d}${u.gap}${hours}${u.h}${u.gap}${pad(minutes)}${u.m}`;
  if (hours > 0) return `${hours}${u.h}${u.gap}${pad(minutes)}${u.m}${u.gap}${pad(seconds)}${u.s}`;
  return `${minutes}${u.m}${u.gap}${pad(seconds)}${u.s}`;
}

/** Time left until `dueAt` on the client clock; past it, how late, marked as breached. */
export function Countdown({ dueAt, now, name }: { dueAt: string; now: number; name?: string }) {
  const { t, language, formatDateTime } = useLanguage();
  const left = Date.parse(dueAt) - now;
  const overdue = left < 0;
  const urgency = overdue ? 'breached' : left < 5 * 60_000 ? 'soon' : 'ok';
  return (
    <span
      className={`countdown countdown-${urgency}`}
      data-testid="countdown"
      data-due-at={dueAt}
      title={`${name ?? ''} ${formatDateTime(dueAt)}`}
    >
      {name ? <span className="countdown-name">{name}</span> : null}
      {`${overdue ? t('overdueBy') : t('dueIn')} ${formatDuration(left, language)}`}
    </span>
  );
}
