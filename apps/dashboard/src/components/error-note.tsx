import { useLanguage } from '../i18n.js';

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
