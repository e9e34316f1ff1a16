import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { type ComplaintRow, isBreached, planComplaintList } from '../complaint-list.js';
import { ApiPanel } from '../components/api-panel.js';
import { Chart } from '../components/chart.js';
import { ErrorNote, NotInApi } from '../components/not-in-api.js';
import { type MessageKey, useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { type DashboardMetrics, dashboardCharts } from './dashboard-charts.js';
import { queryFieldsMatching } from './find-fields.js';

const metricPattern =
  /^dashboard$|metric|compliance|volume|firstContact|satisfaction|responseTime|queueBy|queueStat|breachStat|hotCategor|handlingTime/i;

const wanted: Array<{ key: MessageKey; pattern: RegExp }> = [
  { key: 'slaCompliance', pattern: /compliance|sla/i },
  { key: 'volumeOverTime', pattern: /volume/i },
  { key: 'firstContactResolution', pattern: /firstContact|fcr/i },
  { key: 'satisfaction', pattern: /satisf/i },
  { key: 'responseVsSatisfaction', pattern: /response/i },
];

/** Metrics as charts: the API's `dashboard(window)` when it has it, else whatever metric queries exist. */
export function MetricsPage() {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  if (capabilities.query('dashboard') && capabilities.type('Dashboard')) return <DashboardMetricsPanel />;
  const fields = queryFieldsMatching(capabilities, metricPattern).filter(
    (field) => !field.args.some((arg) => arg.name === 'id' && arg.type.kind === 'NON_NULL'),
  );
  // A metric is covered when an API field, or one of its result's fields, names it.
  const covered = (pattern: RegExp) =>
    fields.some(
      (field) =>
        pattern.test(field.name) ||
        (capabilities.type(capabilities.listShape(field).itemType)?.fields ?? []).some((inner) =>
          pattern.test(inner.name),
        ),
    );
  const missing = wanted.filter((metric) => !covered(metric.pattern)).map((metric) => t(metric.key));
  return (
    <section className="page metrics-page">
      <h1>{t('metricsTitle')}</h1>
      {missing.length > 0 ? <NotInApi missing={missing} /> : null}
      {fields.map((field) => (
        <ApiPanel key={field.name} field={field} title={t('metricsTitle')} view="charts" depth={3} />
      ))}
      <ComplaintListCharts />
    </section>
  );
}

const dashboardFields = [
  'from',
  'to',
  'team',
  'slaCompliance',
  'volume',
  'firstContactResolution',
  'satisfaction',
  'responseVsSatisfaction',
  'responseTime',
  'handlingTime',
  'queue',
  'hotCategories',
];

const dashboardMetricFields: Array<{ key: MessageKey; field: string }> = [
  { key: 'slaCompliance', field: 'slaCompliance' },
  { key: 'volumeOverTime', field: 'volume' },
  { key: 'firstContactResolution', field: 'firstContactResolution' },
  { key: 'satisfaction', field: 'satisfaction' },
  { key: 'responseVsSatisfaction', field: 'responseVsSatisfaction' },
];

const day = 86_400_000;

/** The API's dashboard panels over a window (the last 7, 30 or 90 days), drawn with ECharts. */
function DashboardMetricsPanel() {
  const { capabilities } = useApp();
  const { t, label } = useLanguage();
  const [days, setDays] = useState(30);
  const [interval, setVolumeInterval] = useState('DAY');
  const intervals = capabilities.type('Interval')?.enumValues?.map((value) => value.name) ?? [];
  const volume = capabilities.field('Dashboard', 'volume');
  const document = useMemo(() => {
    let selection = capabilities.selection('Dashboard', dashboardFields, 2);
    if (volume?.args.some((arg) => arg.name === 'interval') && intervals.includes(interval)) {
      selection = selection.replace(/\bvolume \{/, `volume(interval: ${interval}) {`);
    }
    return `query DashboardMetrics($window: MetricWindow!) { dashboard(window: $window) { ${selection} } }`;
  }, [capabilities, volume, intervals, interval]);
  // The window ends at the next midnight so the query (and its cache key) stays put while the page is open.
  const window = useMemo(() => {
    const end = new Date();
    end.setHours(24, 0, 0, 0);
    return { from: new Date(end.getTime() - days * day).toISOString(), to: end.toISOString() };
  }, [days]);
  const [result, reexecute] = useQuery({ query: document, variables: { window } });
  useLiveUpdates(capabilities, () => reexecute({ requestPolicy: 'network-only' }), 15_000);
  const metrics = (result.data as { dashboard?: DashboardMetrics } | undefined)?.dashboard;
  const charts = useMemo(() => (metrics ? dashboardCharts(metrics, t, label) : []), [metrics, t, label]);
  const missing = dashboardMetricFields
    .filter((metric) => !capabilities.hasField('Dashboard', metric.field))
    .map((metric) => `${t(metric.key)} (Dashboard.${metric.field})`);
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
        {intervals.length > 0 ? (
          <label>
            {t('interval')}{' '}
            <select
              name="interval"
              value={interval}
              onChange={(event) => setVolumeInterval(event.target.value)}
            >
              {intervals.map((option) => (
                <option key={option} value={option}>
                  {t(`interval_${option}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </header>
      {missing.length > 0 ? <NotInApi missing={missing} /> : null}
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

/** Charts drawn from the complaints the API lists (real data, computed in the browser, and labelled so). */
function ComplaintListCharts() {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  const plan = useMemo(() => planComplaintList(capabilities, {}, 100), [capabilities]);
  const [result] = useQuery({
    query: plan?.document ?? 'query DashboardNoComplaints { __typename }',
    variables: plan?.variables ?? {},
    pause: !plan,
  });
  const rows = useMemo(() => (plan && result.data ? plan.read(result.data) : []), [plan, result.data]);
  const charts = useMemo(() => complaintCharts(rows, t), [rows, t]);
  if (!plan) return null;
  return (
    <div className="panel">
      <h2>
        {t('complaints')} <small className="hint">{t('fromQueueNote')}</small>
      </h2>
      <div className="chart-grid">
        {charts.map((chart) => (
          <figure key={chart.title}>
            <figcaption>{chart.title}</figcaption>
            <Chart option={chart.option} testId="metrics-chart" />
          </figure>
        ))}
      </div>
    </div>
  );
}

export function complaintCharts(
  rows: ComplaintRow[],
  t: (key: MessageKey) => string,
  now = Date.now(),
): Array<{ title: string; option: EChartsCoreOption }> {
  const states = [...new Set(rows.map((row) => row.state))].sort();
  const teams = [...new Set(rows.map((row) => row.team ?? ''))].sort();
  const byDay = new Map<string, number>();
  for (const row of rows) {
    const dayKey = (row.openedAt ?? '').slice(0, 10);
    if (dayKey) byDay.set(dayKey, (byDay.get(dayKey) ?? 0) + 1);
  }
  const days = [...byDay.keys()].sort();
  const breached = rows.filter((row) => isBreached(row, now)).length;
  return [
    {
      title: t('queueByState'),
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: states },
        yAxis: { type: 'value', minInterval: 1 },
        series: teams.map((team) => ({
          name: team || t('noTeam'),
          type: 'bar',
          stack: 'team',
          data: states.map(
            (state) => rows.filter((row) => row.state === state && (row.team ?? '') === team).length,
          ),
        })),
      },
    },
    {
      title: t('volumeOverTime'),
      option: {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 24, bottom: 32 },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('complaints'), type: 'line', data: days.map((key) => byDay.get(key)), areaStyle: {} },
        ],
      },
    },
    {
      title: t('slaCompliance'),
      option: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '70%'],
            data: [
              { name: t('onTime'), value: rows.length - breached, itemStyle: { color: '#3a9a5b' } },
              { name: t('breached'), value: breached, itemStyle: { color: '#d9453d' } },
            ],
          },
        ],
      },
    },
  ];
}
