import { describe, expect, it } from 'vitest';
import { domainEn, domainZh } from './domain-messages.js';
import { makeLanguageState } from './i18n.js';
import { en, zh } from './messages.js';

describe('message catalogue', () => {
  it('has every key in both languages when the catalogues are compared', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(domainZh).sort()).toEqual(Object.keys(domainEn).sort());
  });

  it('labels a state, an event and an enum in Chinese when the language is zh', () => {
    const { label } = makeLanguageState('zh');
    expect([
      label('state', 'awaitingDecision'),
      label('event', 'complaint.assign'),
      label('grade', 'A'),
    ]).toEqual(['待决策', '分派', 'A 级客户']);
  });

  it('shows an unknown event as it is when the catalogue does not know it', () => {
    expect(makeLanguageState('en').label('event', 'complaint.somethingNew')).toBe('complaint.somethingNew');
  });
});

describe('dates and durations', () => {
  it('shows a UTC instant in Shanghai time when the team time zone is the default', () => {
    // 05:07 UTC is 13:07 in Asia/Shanghai (UTC+8, no daylight saving).
    expect(makeLanguageState('en').formatDateTime('2026-12-01T05:07:47Z')).toContain('1:07');
    expect(makeLanguageState('zh').formatDateTime('2026-12-01T05:07:47Z')).toContain('13:07');
  });

  it('spells a duration in the language when formatting hours and minutes', () => {
    expect(makeLanguageState('zh').formatDuration(2 * 3600 + 5 * 60)).toBe('2小时5分钟');
    expect(makeLanguageState('en').formatDuration(2 * 3600 + 5 * 60)).toBe('2 hr 5 min');
  });
});
