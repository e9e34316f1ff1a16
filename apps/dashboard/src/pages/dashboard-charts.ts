import type { EChartsCoreOption } from 'echarts/core';
import { categoryKey } from '../domain-messages.js';
import type { MessageKey } from '../i18n.js';

/** The API's `Dashboard` type, as far as the dashboard reads it (every part optional: the API may lack it). */
export interface DashboardMetrics {
  slaCompliance?: {
    complaints: number;
    breached: number;
    complianceRate: number | null;
    byDeadline?: Array<{ deadline?: string; name?: string; breached?: number; count?: number }>;
  };
  volume?: Array<{ periodStart: string; opened: number; resolved: number; breached: number }>;
  firstContactResolution?: { resolved: number; firstContact: number; rate: number | null };
  satisfaction?: {
    revisits: number;
    satisfied: number;
    neutral: number;
    unsatisfied: number;
    satisfactionRate: number | null;
  };
  responseVsSatisfaction?: {
    correlation: number | null;
    buckets: Array<{ upToMinutes: number | null; complaints: number; satisfactionRate: number | null }>;
  };
  responseTime?: {
    count: number;
    averageMinutes: number | null;
    medianMinutes: number | null;
    p90Minutes: number | null;
  };
  handlingTime?: {
    count: number;
    averageMinutes: number | null;
    medianMinutes: number | null;
    p90Minutes: number | null;
  };
  queue?: Array<{ state: string; team: string | null; count: number; breached: number }>;
  hotCategories?: Array<{ category: string; count: number; previousCount: number; change: number }>;
}

export interface NamedChart {
  key: string;
  title: string;
  option: EChartsCoreOption;
}

const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;

function gauge(name: string, rate: number | null | undefined, detail: string): EChartsCoreOption {
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        progress: { show: true, width: 14 },
        axisLine: { lineStyle: { width: 14 } },
        axisLabel: { distance: 18, fontSize: 10 },
        detail: {
          valueAnimation: false,
          formatter: rate === null || rate === undefined ? '—' : '{value}%',
          fontSize: 22,
          offsetCenter: [0, '60%'],
        },
        title: { offsetCenter: [0, '88%'], fontSize: 12 },
        data: [{ value: percent(rate) ?? 0, name: `${name} · ${detail}` }],
      },
    ],
  };
}

/** One chart per metric the API returned; metrics it did not return draw nothing. */
export function dashboardCharts(
  metrics: DashboardMetrics,
  t: (key: MessageKey) => string,
  label: (kind: 'state' | 'category', value: string) => string = (_kind, value) => value,
): NamedChart[] {
  const charts: NamedChart[] = [];
  const sla = metrics.slaCompliance;
  if (sla) {
    charts.push({
      key: 'slaCompliance',
      title: t('slaCompliance'),
      option: gauge(
        t('slaCompliance'),
        sla.complianceRate,
        `${sla.complaints - sla.breached}/${sla.complaints}`,
      ),
    });
  }
  if (metrics.volume) {
    const points = metrics.volume;
    charts.push({
      key: 'volume',
      title: t('volumeOverTime'),
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 40 },
        xAxis: { type: 'category', data: points.map((point) => point.periodStart.slice(0, 10)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            name: t('chartOpened'),
            type: 'line',
            smooth: true,
            areaStyle: { opacity: 0.15 },
            data: points.map((point) => point.opened),
          },
          {
            name: t('chartResolved'),
            type: 'line',
            smooth: true,
            data: points.map((point) => point.resolved),
          },
          {
            name: t('breached'),
            type: 'bar',
            itemStyle: { color: '#d9453d' },
            data: points.map((point) => point.breached),
          },
        ],
      },
    });
  }
  const fcr = metrics.firstContactResolution;
  if (fcr) {
    charts.push({
      key: 'firstContactResolution',
      title: t('firstContactResolution'),
      option: gauge(t('firstContactResolution'), fcr.rate, `${fcr.firstContact}/${fcr.resolved}`),
    });
  }
  const satisfaction = metrics.satisfaction;
  if (satisfaction) {
    charts.push({
      key: 'satisfaction',
      title: `${t('satisfaction')} (${satisfaction.revisits}; ${percent(satisfaction.satisfactionRate) ?? '—'}%)`,
      option: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            stillShowZeroSum: false,
            // No revisits in the window: no slices, and no labels pointing at nothing.
            label: { show: satisfaction.revisits > 0 },
            labelLine: { show: satisfaction.revisits > 0 },
            data: [
              { name: t('chartSatisfied'), value: satisfaction.satisfied, itemStyle: { color: '#3a9a5b' } },
              { name: t('chartNeutral'), value: satisfaction.neutral, itemStyle: { color: '#c2a20e' } },
              {
                name: t('chartUnsatisfied'),
                value: satisfaction.unsatisfied,
                itemStyle: { color: '#d9453d' },
              },
            ],
          },
        ],
      },
    });
  }
  const versus = metrics.responseVsSatisfaction;
  if (versus) {
    const labels = versus.buckets.map((bucket) =>
      bucket.upToMinutes === null ? '∞' : `≤${bucket.upToMinutes}′`,
    );
    charts.push({
      key: 'responseVsSatisfaction',
      title: `${t('responseVsSatisfaction')}${versus.correlation === null ? '' : ` (r = ${versus.correlation.toFixed(2)})`}`,
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 40, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: labels, name: t('chartMinutes') },
        yAxis: [
          { type: 'value', name: t('complaints'), minInterval: 1 },
          { type: 'value', name: '%', min: 0, max: 100 },
        ],
        series: [
          { name: t('complaints'), type: 'bar', data: versus.buckets.map((bucket) => bucket.complaints) },
          {
            name: t('satisfaction'),
            type: 'line',
            yAxisIndex: 1,
            connectNulls: true,
            data: versus.buckets.map((bucket) => percent(bucket.satisfactionRate)),
          },
        ],
      },
    });
  }
  const durations = (['responseTime', 'handlingTime'] as const).filter((key) => metrics[key]);
  if (durations.length > 0) {
    charts.push({
      key: 'durations',
      title: durations.map((key) => t(key)).join(' · '),
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 16, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: [t('chartAverage'), t('chartMedian'), t('chartP90')] },
        yAxis: { type: 'value', name: t('chartMinutes') },
        series: durations.map((key) => ({
          name: `${t(key)} (n=${metrics[key]?.count ?? 0})`,
          type: 'bar',
          data: [metrics[key]?.averageMinutes, metrics[key]?.medianMinutes, metrics[key]?.p90Minutes],
        })),
      },
    });
  }
  if (metrics.queue) {
    const cells = metrics.queue;
    const states = [...new Set(cells.map((cell) => cell.state))];
    const teams = [...new Set(cells.map((cell) => cell.team ?? ''))];
    charts.push({
      key: 'queue',
      title: t('queueByState'),
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 32 },
        xAxis: { type: 'category', data: states.map((state) => label('state', state)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          ...teams.map((team) => ({
            name: team || t('noTeam'),
            type: 'bar',
            stack: 'count',
            data: states.map(
              (state) => cells.find((cell) => cell.state === state && (cell.team ?? '') === team)?.count ?? 0,
            ),
          })),
          {
            name: t('breached'),
            type: 'bar',
            itemStyle: { color: '#d9453d' },
            data: states.map((state) =>
              cells.filter((cell) => cell.state === state).reduce((sum, cell) => sum + cell.breached, 0),
            ),
          },
        ],
      },
    });
  }
  if (metrics.hotCategories) {
    const hot = metrics.hotCategories;
    charts.push({
      key: 'hotCategories',
      title: t('hotCategories'),
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 100, right: 16, top: 32, bottom: 24 },
        yAxis: {
          type: 'category',
          data: hot.map((category) => label('category', categoryKey(category.category))),
        },
        xAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('chartNow'), type: 'bar', data: hot.map((category) => category.count) },
          { name: t('chartBefore'), type: 'bar', data: hot.map((category) => category.previousCount) },
        ],
      },
    });
  }
  return charts;
}
