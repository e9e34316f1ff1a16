import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { type TypedDocumentNode, useQuery } from 'urql';
import { Chart } from '../components/chart.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql } from '../graphql.js';
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
  document: TypedDocumentNode<Record<string, unknown>, Record<string, never>>;
  chart: (rows: T[], t: (key: MessageKey) => string) => EChartsCoreOption;
}

const panels = [
  {
    key: 'passRates',
    query: 'quizPassRates',
    document: graphql(`
      query DashboardQuizPassRates {
        quizPassRates { quizId quizTitle attempts passed passRate meanScore }
      }
    `),
    chart: (rows: QuizPassRate[]) => passRateChart(rows),
  } satisfies Panel<QuizPassRate>,
  {
    key: 'itemDifficulty',
    query: 'itemAnalysis',
    document: graphql(`
      query DashboardItemAnalysis {
        itemAnalysis { itemId quizId facility discrimination passRate responses }
      }
    `),
    chart: (rows: ItemAnalysis[]) => itemDifficultyChart(rows),
  } satisfies Panel<ItemAnalysis>,
  {
    key: 'skillLevels',
    query: 'skillLevels',
    document: graphql(`
      query DashboardSkillLevels {
        skillLevels { trainee skill rating lowerBound certified evidence }
      }
    `),
    chart: (rows: SkillLevel[], t: (key: MessageKey) => string) => skillLevelChart(rows, t('certified')),
  } satisfies Panel<SkillLevel>,
];

/** Training: pass rates, item difficulty, skill levels and certification, and a trainee's explained grade. */
export function TrainingPage() {
  const { t } = useLanguage();
  return (
    <section className="page training-page">
      <h1>{t('trainingTitle')}</h1>
      <div className="chart-grid">
        {panels.map((panel) => (
          <TrainingChart key={panel.key} panel={panel as Panel<unknown>} />
        ))}
      </div>
      <TraineeAttempts />
    </section>
  );
}

function TrainingChart({ panel }: { panel: Panel<unknown> }) {
  const { t } = useLanguage();
  const [result, reexecute] = useQuery({ query: panel.document });
  useLiveUpdates(() => reexecute({ requestPolicy: 'network-only' }), 30_000);
  const rows = (result.data?.[panel.query] ?? []) as unknown[];
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
