import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { useLanguage } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { Link } from '../router.js';

interface CustomerView {
  id: string;
  name: string | null;
  phones: string[];
  class: string;
  grade: string;
  gradeSource: string;
  gradeExplanation: string[];
  tier: string;
  member: boolean;
  since: string;
  erasedAt: string | null;
  timeline: Array<{ at: string; kind: string; workflowId: string | null; data: Record<string, unknown> }>;
  consents: Array<{ purpose: string; given: boolean; at: string; by: { userId: string } }>;
}

const customerQuery = `query DashboardCustomer($id: ID!) {
  customer(id: $id) {
    id name phones class grade gradeSource gradeExplanation tier member since erasedAt
    timeline { at kind workflowId data }
    consents { purpose given at by { userId } }
  }
}`;

/** One customer: identity (masked by role), grade with its explanation, tier, consent and the timeline (/customers/:id). */
export function CustomerPage({ id }: { id: string }) {
  const { capabilities } = useApp();
  const { t, label, formatDateTime } = useLanguage();
  const available = capabilities.query('customer') !== undefined;
  const [result] = useQuery<{ customer: CustomerView | null }>({
    query: customerQuery,
    variables: { id },
    pause: !available,
  });
  if (!available) return <NotInApi missing={['Query.customer']} />;
  const customer = result.data?.customer;
  return (
    <section className="page customer-page" data-testid="customer-page">
      <Link to="/">← {t('back')}</Link>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && !customer ? <p>{t('loading')}</p> : null}
      {!result.fetching && result.data && !customer ? <p>{t('notFound')}</p> : null}
      {customer ? (
        <>
          <header className="page-header">
            <h1>
              {t('customerTitle')} <span data-testid="customer-name">{customer.name ?? '—'}</span>
            </h1>
          </header>
          {customer.erasedAt ? (
            <p className="note" data-testid="customer-erased">
              {t('customerErased', { date: formatDateTime(customer.erasedAt) })}
            </p>
          ) : null}
          <div className="columns">
            <div className="panel">
              <h2>{t('customerRecord')}</h2>
              <dl className="facts">
                <dt>{t('customerPhones')}</dt>
                <dd>{customer.phones.length > 0 ? customer.phones.join(' · ') : '—'}</dd>
                <dt>{t('customerClass')}</dt>
                <dd>{t(`customerClass_${customer.class}` as MessageKey)}</dd>
                <dt>{t('customerGrade')}</dt>
                <dd data-testid="customer-grade">
                  <span className="badge">{label('grade', customer.grade)}</span>{' '}
                  {customer.gradeSource === 'override' ? t('customerGradeOverride') : null}
                </dd>
                <dt>{t('customerTier')}</dt>
                <dd>{t(`customerTier_${customer.tier}` as MessageKey)}</dd>
                <dt>{t('customerMember')}</dt>
                <dd>{customer.member ? t('customerYes') : t('customerNo')}</dd>
                <dt>{t('customerSince')}</dt>
                <dd>{formatDateTime(customer.since)}</dd>
              </dl>
              <h2>{t('customerGradeWhy')}</h2>
              <ul data-testid="customer-grade-explanation">
                {customer.gradeExplanation.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <h2>{t('customerConsent')}</h2>
              {customer.consents.length === 0 ? (
                <p>{t('customerConsentNone')}</p>
              ) : (
                <ul data-testid="customer-consents">
                  {customer.consents.map((consent) => (
                    <li key={`${consent.purpose}-${consent.at}`}>
                      {consent.purpose}:{' '}
                      {consent.given ? t('customerConsentGiven') : t('customerConsentWithdrawn')} ·{' '}
                      {formatDateTime(consent.at)} · <span translate="no">{consent.by.userId}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="panel">
              <h2>{t('customerTimeline')}</h2>
              {customer.timeline.length === 0 ? (
                <p>{t('customerTimelineEmpty')}</p>
              ) : (
                <ol className="timeline" data-testid="customer-timeline">
                  {customer.timeline.map((entry, index) => (
                    <li key={`${entry.at}-${index}`}>
                      <time>{formatDateTime(entry.at)}</time> <strong>{entry.kind}</strong>{' '}
                      {entry.workflowId && entry.kind.startsWith('complaint') ? (
                        <Link to={`/complaints/${encodeURIComponent(entry.workflowId)}`}>
                          {entry.workflowId.slice(0, 8)}
                        </Link>
                      ) : null}{' '}
                      {Object.entries(entry.data)
                        .map(([key, value]) => `${key}: ${String(value)}`)
                        .join(', ')}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
