import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { Chart } from '../components/chart.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { TraineeAttempts } from './trainee-attempts.js';
import {
  type ItemAnalysis,
  itemDifficultyChart,
  passRateChart,
  type QuizPassRate,
  type SkillLevel,
  skillLevelChart,
} from './training-charts.js';

interface Panel<T> {
  key: MessageKey;
  query: string;
  type: string;
  fields: string[];
  chart: (rows: T[], t: (key: MessageKey) => string) => EChartsCoreOption;
}

const panels = [
  {
    key: 'passRates',
    query: 'quizPassRates',
    type: 'QuizPassRate',
    fields: ['quizId', 'quizTitle', 'attempts', 'passed', 'passRate', 'meanScore'],
    chart: (rows: QuizPassRate[]) => passRateChart(rows),
  } satisfies Panel<QuizPassRate>,
  {
    key: 'itemDifficulty',
    query: 'itemAnalysis',
    type: 'ItemAnalysis',
    fields: ['itemId', 'quizId', 'facility', 'discrimination', 'passRate', 'responses'],
    chart: (rows: ItemAnalysis[]) => itemDifficultyChart(rows),
  } satisfies Panel<ItemAnalysis>,
  {
    key: 'skillLevels',
    query: 'skillLevels',
    type: 'SkillLevel',
    fields: ['trainee', 'skill', 'rating', 'lowerBound', 'certified', 'evidence'],
    chart: (rows: SkillLevel[], t: (key: MessageKey) => string) => skillLevelChart(rows, t('certified')),
  } satisfies Panel<SkillLevel>,
];

/** Training: pass rates, item difficulty, skill levels and certification, and a trainee's explained grade. */
export function TrainingPage() {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  return (
    <section className="page training-page">
      <h1>{t('trainingTitle')}</h1>
      <div className="chart-grid">
        {panels.map((panel) =>
          capabilities.query(panel.query) ? (
            <TrainingChart key={panel.key} panel={panel as Panel<unknown>} />
          ) : (
            <div key={panel.key} className="panel">
              <h2>{t(panel.key)}</h2>
              <NotInApi missing={[`Query.${panel.query}`]} />
            </div>
          ),
        )}
      </div>
      {capabilities.query('attempts') && capabilities.query('attempt') ? (
        <TraineeAttempts />
      ) : (
        <div className="panel">
          <h2>{t('traineeAttempt')}</h2>
          <NotInApi
            missing={['Query.attempts / Query.attempt (a trainee’s answers with their explained grades)']}
          />
        </div>
      )}
    </section>
  );
}

function TrainingChart({ panel }: { panel: Panel<unknown> }) {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  const document = useMemo(
    () =>
      `query Dashboard_${panel.query} { ${panel.query} { ${capabilities.selection(panel.type, panel.fields, 1)} } }`,
    [capabilities, panel],
  );
  const [result, reexecute] = useQuery({ query: document });
  useLiveUpdates(capabilities, () => reexecute({ requestPolicy: 'network-only' }), 30_000);
  const rows = ((result.data as Record<string, unknown> | undefined)?.[panel.query] ?? []) as unknown[];
  const option = useMemo(() => (rows.length > 0 ? panel.chart(rows, t) : undefined), [panel, rows, t]);
  return (
    <figure className="panel" data-testid="training-panel" data-query={panel.query}>
      <figcaption>{t(panel.key)}</figcaption>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && !result.data ? <p>{t('loading')}</p> : null}
      {result.data && rows.length === 0 ? <p className="empty">{t('noTrainingData')}</p> : null}
      {option ? <Chart option={option} height={320} testId="training-chart" /> : null}
    </figure>
  );
}
