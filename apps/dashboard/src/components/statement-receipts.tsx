import { useQuery } from 'urql';
import { graphql } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { MessageTable, type NotificationMessage } from '../pages/delivery-log-page.js';
import { ErrorNote } from './error-note.js';

const receiptsQuery = graphql(
  `query Dashboard_statementReceipts($statementId: String!) { statementReceipts(statementId: $statementId) { id channel target status subject eventType eventId eventAt deliveredAt lastError deliveryAttempts { at attempt status responseCode latencyMs error } } }`,
);

/** The crisis room's receipts of one published statement: every channel it went out on, and whether it arrived. */
export function StatementReceipts({ statementId }: { statementId: string }) {
  return <Receipts statementId={statementId} />;
}

function Receipts({ statementId }: { statementId: string }) {
  const { t } = useLanguage();
  const [result] = useQuery({ query: receiptsQuery, variables: { statementId } });
  const messages = (result.data as { statementReceipts: NotificationMessage[] } | undefined)
    ?.statementReceipts;
  return (
    <div className="receipts" data-testid="statement-receipts">
      <h5>{t('statementReceipts')}</h5>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {messages ? <MessageTable messages={messages} /> : null}
    </div>
  );
}
