import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Chart } from '../components/chart.js';
import { ErrorNote } from '../components/error-note.js';
import { graphql, type VariablesOf } from '../graphql.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { enumValuesOf } from '../schema-types.js';
import { type DashboardMetrics, dashboardCharts } from './dashboard-charts.js';

const dashboardQuery = graphql(`
  query DashboardMetrics($window: MetricWindow!, $interval: Interval) {
    dashboard(window: $window) {
      from to team
      slaCompliance { complaints breached complianceRate byDeadline { deadline breaches } }
      volume(interval: $interval) { periodStart opened resolved breached }
      firstContactResolution { resolved firstContact rate }
      satisfaction { revisits satisfied neutral unsatisfied satisfactionRate }
      responseVsSatisfaction { correlation buckets { upToMinutes complaints satisfactionRate } }
      responseTime { count averageMinutes medianMinutes p90Minutes }
      handlingTime { count averageMinutes medianMinutes p90Minutes }
      queue { state team count breached }
      hotCategories { category count previousCount change }
    }
  }
`);

type Interval = NonNullable<VariablesOf<typeof dashboardQuery>['interval']>;
const intervals = enumValuesOf('Interval') as Interval[];

/** Metrics as charts: the API's `dashboard(window)` over the last 7, 30 or 90 days. */
export function MetricsPage() {
  return <DashboardMetricsPanel />;
}

const day = 86_400_000;

/** The API's dashboard panels over a window (the last 7, 30 or 90 days), drawn with ECharts. */
function DashboardMetricsPanel() {
  const { t, label } = useLanguage();
  const [days, setDays] = useState(30);
  const [interval, setVolumeInterval] = useState<Interval>('DAY');
  // The window ends at the next midnight so the query (and its cache key) stays put while the page is open.
  const window = useMemo(() => {
    const end = new Date();
    end.setHours(24, 0, 0, 0);
    return { from: new Date(end.getTime() - days * day).toISOString(), to: end.toISOString() };
  }, [days]);
  const [result, reexecute] = useQuery({ query: dashboardQuery, variables: { window, interval } });
  useLiveUpdates(() => reexecute({ requestPolicy: 'network-only' }), 15_000);
  const metrics: DashboardMetrics | undefined = result.data?.dashboard;
  const charts = useMemo(() => (metrics ? dashboardCharts(metrics, t, label) : []), [metrics, t, label]);
  return (
    <section className="page metrics-page">
      <header className="page-header">
        <h1>{t('metricsTitle')}</h1>
        <label>
          {t('window')}{' '}
          <select name="days" value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {[7, 30, 90].map((option) => (
              <option key={option} value={option}>
                {option} {t('days')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('interval')}{' '}
          <select
            name="interval"
            value={interval}
            onChange={(event) => setVolumeInterval(event.target.value as Interval)}
          >
            {intervals.map((option) => (
              <option key={option} value={option}>
                {t(`interval_${option}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </header>
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && !metrics ? <p>{t('loading')}</p> : null}
      <div className="chart-grid">
        {charts.map((chart) => (
          <figure key={chart.key} className="panel" data-metric={chart.key}>
            <figcaption>{chart.title}</figcaption>
            <Chart option={chart.option} testId="metrics-chart" />
          </figure>
        ))}
      </div>
    </section>
  );
}
