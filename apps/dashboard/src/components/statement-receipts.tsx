import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { useLanguage } from '../i18n.js';
import { MessageTable, messageFields, type NotificationMessage } from '../pages/delivery-log-page.js';
import { ErrorNote } from './not-in-api.js';

const receiptsQuery = `query Dashboard_statementReceipts($statementId: String!) { statementReceipts(statementId: $statementId) { ${messageFields} } }`;

/** The crisis room's receipts of one published statement: every channel it went out on, and whether it arrived. */
export function StatementReceipts({ statementId }: { statementId: string }) {
  const { capabilities } = useApp();
  if (!capabilities.query('statementReceipts')) return null;
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
