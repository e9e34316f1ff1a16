import { useLanguage } from '../i18n.js';

/** Says plainly which parts of the API a panel needs and the server does not offer yet. */
export function NotInApi({ missing }: { missing: readonly string[] }) {
  const { t } = useLanguage();
  return (
    <div className="not-in-api" data-testid="not-in-api" role="note">
      <strong>{t('notInApi')}</strong> {t('notInApiDetail')} <code>{missing.join(', ')}</code>
    </div>
  );
}

interface ShownError {
  message: string;
  graphQLErrors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** An error from the API; a refusal for the signed-in role is a plain note, not an alarm. */
export function ErrorNote({ error }: { error: ShownError }) {
  const { t } = useLanguage();
  const refusals = error.graphQLErrors?.filter((item) => item.extensions?.code === 'FORBIDDEN') ?? [];
  if (refusals.length > 0 && refusals.length === error.graphQLErrors?.length) {
    return (
      <div className="forbidden-note" data-testid="forbidden" role="note">
        <strong>{t('forbidden')}</strong> {refusals.map((item) => item.message).join(' · ')}
      </div>
    );
  }
  return (
    <div className="error-note" role="alert">
      <strong>{t('error')}:</strong> {error.message}
    </div>
  );
}
