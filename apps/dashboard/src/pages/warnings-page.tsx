import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';

interface Warning {
  id: string;
  customerId: string;
  rule: string;
  severity: string;
  message: string;
  raisedAt: string;
  evidence: Array<{ kind: string; at: string; workflowId: string | null }>;
}

const listQuery = graphql(
  `query CustomerWarnings { customerWarnings(acknowledged: false, limit: 100) { id customerId rule severity message raisedAt evidence { kind at workflowId } } }`,
);

/** Customer warnings (异常客户的预警), live: new ones arrive over the subscription; each is acknowledged with a note. */
export function WarningsPage() {
  const { t } = useLanguage();
  const [{ data, error }, refetch] = useQuery({ query: listQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  useSubscription(
    {
      query: graphql('subscription CustomerWarningRaised { customerWarningRaised { id } }'),
    },
    (count: number | undefined) => {
      reload();
      return (count ?? 0) + 1;
    },
  );
  const [, evaluate] = useMutation(
    graphql('mutation EvaluateCustomerWarnings { evaluateCustomerWarnings { id } }'),
  );
  const warnings: Warning[] = data?.customerWarnings ?? [];
  return (
    <section className="page warnings-page">
      <h1>{t('warningsTitle')}</h1>
      <p>
        {t('warningsLive')}{' '}
        <button type="button" onClick={() => evaluate({}).then(reload)}>
          {t('warningsEvaluate')}
        </button>
      </p>
      {error ? <ErrorNote error={error} /> : null}
      {warnings.length === 0 ? <p>{t('warningsEmpty')}</p> : null}
      <ul className="cards" data-testid="warnings-list">
        {warnings.map((warning) => (
          <li key={warning.id} className={`card severity-${warning.severity}`}>
            <strong translate="no">{warning.customerId}</strong> · {t('warningRule')}: {warning.rule} ·{' '}
            {t('warningSeverity')}: {warning.severity}
            <p>{warning.message}</p>
            <details>
              <summary>{t('warningEvidence')}</summary>
              <ul>
                {warning.evidence.map((item) => (
                  <li key={`${item.kind}-${item.at}-${item.workflowId ?? ''}`}>
                    {item.kind} · {new Date(item.at).toLocaleString()} ·{' '}
                    <span translate="no">{item.workflowId ?? ''}</span>
                  </li>
                ))}
              </ul>
            </details>
            <Acknowledge id={warning.id} onDone={reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Acknowledge({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useLanguage();
  const [note, setNote] = useState('');
  const [state, acknowledge] = useMutation(
    graphql(
      'mutation AcknowledgeCustomerWarning($id: ID!, $note: String!) { acknowledgeCustomerWarning(id: $id, note: $note) { id } }',
    ),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        acknowledge({ id, note }).then((result) => {
          if (!result.error) onDone();
        });
      }}
    >
      {state.error ? <ErrorNote error={state.error} /> : null}
      <label>
        {t('warningNote')} <input value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" disabled={note.trim() === ''}>
        {t('warningAcknowledge')}
      </button>
    </form>
  );
}
