import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { createIntl, createIntlCache, type IntlShape, RawIntlProvider } from 'react-intl';
import { type DomainKind, domainEn, domainZh } from './domain-messages.js';
import { en, type MessageKey, zh } from './messages.js';

export type { MessageKey } from './messages.js';
export type Language = 'zh' | 'en';

/** The team's time zone: dates and times are shown in it, whatever the browser's zone. */
export const defaultTimeZone = 'Asia/Shanghai';

const locales: Record<Language, string> = { zh: 'zh-CN', en: 'en' };
const catalogues: Record<Language, Record<string, string>> = {
  en: { ...en, ...domainEn },
  zh: { ...zh, ...domainZh },
};

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface LanguageState {
  language: Language;
  /** The BCP 47 tag of the language (`zh-CN`, `en`), also set as `<html lang>`. */
  locale: string;
  timeZone: string;
  setLanguage: (language: Language) => void;
  t: Translate;
  /**
   * A domain value's label (`label('state', 'analysing')`), with the values its message names
   * (`label('blocked', 'quietHours', { from, until, availableAt })`); an unknown value is shown as it is.
   */
  label: (
    kind: DomainKind,
    value: string | null | undefined,
    values?: Record<string, string | number>,
  ) => string;
  /** Whether the catalogue has a label for this value. */
  hasLabel: (kind: DomainKind, value: string) => boolean;
  formatDateTime: (iso: string | null | undefined) => string;
  /** A duration in the language's units, hours and minutes (`2 hr 5 min`, `2小时5分钟`). */
  formatDuration: (seconds: number) => string;
  intl: IntlShape;
}

const cache = createIntlCache();

export function makeLanguageState(
  language: Language,
  setLanguage: (language: Language) => void = () => {},
  timeZone = defaultTimeZone,
): LanguageState {
  const locale = locales[language];
  const messages = catalogues[language];
  const intl = createIntl({ locale, timeZone, messages, defaultLocale: 'en', onError: () => {} }, cache);
  const unit = (value: number, name: 'day' | 'hour' | 'minute' | 'second') =>
    intl.formatNumber(value, {
      style: 'unit',
      unit: name,
      unitDisplay: language === 'zh' ? 'long' : 'short',
    });
  const hasLabel = (kind: DomainKind, value: string) => `${kind}.${value}` in messages;
  return {
    language,
    locale,
    timeZone,
    setLanguage,
    intl,
    t: (key, values) => intl.formatMessage({ id: key, defaultMessage: en[key] }, values),
    hasLabel,
    label: (kind, value, values) => {
      if (value === null || value === undefined || value === '') return '—';
      return hasLabel(kind, value) ? intl.formatMessage({ id: `${kind}.${value}` }, values) : value;
    },
    formatDateTime: (iso) =>
      iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone }) : '—',
    formatDuration: (seconds) => {
      const total = Math.round(Math.abs(seconds));
      const days = Math.floor(total / 86_400);
      const hours = Math.floor((total % 86_400) / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const parts: string[] = [];
      if (days) parts.push(unit(days, 'day'));
      if (hours) parts.push(unit(hours, 'hour'));
      if (minutes && !days) parts.push(unit(minutes, 'minute'));
      if (parts.length === 0) parts.push(unit(total % 60, 'second'));
      return parts.join(language === 'zh' ? '' : ' ');
    },
  };
}

const LanguageContext = createContext<LanguageState>(makeLanguageState('zh'));

export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem('kefu.language');
  if (stored === 'en' || stored === 'zh') return stored;
  return globalThis.navigator?.language?.startsWith('en') ? 'en' : 'zh';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    globalThis.localStorage?.setItem('kefu.language', next);
    setLanguageState(next);
  }, []);
  const timeZone = globalThis.localStorage?.getItem('kefu.timeZone') ?? defaultTimeZone;
  const value = useMemo(
    () => makeLanguageState(language, setLanguage, timeZone),
    [language, setLanguage, timeZone],
  );
  useEffect(() => {
    document.documentElement.lang = value.locale;
  }, [value.locale]);
  return (
    <LanguageContext.Provider value={value}>
      <RawIntlProvider value={value.intl}>{children}</RawIntlProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}
