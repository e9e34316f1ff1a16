import type { EChartsCoreOption } from 'echarts/core';

export interface ChartSpec {
  title: string;
  option: EChartsCoreOption;
}

const labelPreference =
  /^(bucket|period|date|day|week|month|start|at|name|label|state|team|category|item|itemId|quiz|agent|agentId|skill|level)$/i;
const timeLike = /^\d{4}-\d{2}-\d{2}/;
const ratioName = /rate|ratio|compliance|facility|share|percent|fcr|probability/i;

type Row = Record<string, unknown>;

const isRecord = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numericKeys = (row: Row) =>
  Object.keys(row).filter((key) => typeof row[key] === 'number' && key !== '__typename');

function labelKey(rows: Row[]): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const strings = Object.keys(first).filter((key) => typeof first[key] === 'string' && key !== '__typename');
  return strings.find((key) => labelPreference.test(key)) ?? strings[0];
}

function seriesChart(title: string, rows: Row[]): ChartSpec | undefined {
  const label = labelKey(rows);
  const first = rows[0];
  if (!first) return undefined;
  const values = numericKeys(first);
  if (values.length === 0) return undefined;
  // Two numbers and no label worth naming: a scatter (e.g. response time against satisfaction).
  if (
    values.length === 2 &&
    /response|time|minutes|seconds/i.test(values[0]!) &&
    /satisf|score/i.test(values[1]!)
  ) {
    return {
      title,
      option: {
        tooltip: { trigger: 'item' },
        xAxis: { type: 'value', name: values[0] },
        yAxis: { type: 'value', name: values[1] },
        series: [{ type: 'scatter', data: rows.map((row) => [row[values[0]!], row[values[1]!]]) }],
      },
    };
  }
  const categories = rows.map((row, index) => (label ? String(row[label]) : String(index + 1)));
  const line = categories.every((category) => timeLike.test(category));
  return {
    title,
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 48 },
      xAxis: {
        type: 'category',
        data: categories.map((category) => (line ? category.slice(0, 10) : category)),
        axisLabel: { rotate: categories.length > 8 ? 30 : 0 },
      },
      yAxis: { type: 'value' },
      series: values.map((key) => ({
        name: key,
        type: line ? 'line' : 'bar',
        data: rows.map((row) => row[key]),
      })),
    },
  };
}

function gauge(title: string, value: number): ChartSpec {
  const percent = value <= 1 ? value * 100 : value;
  return {
    title,
    option: {
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          detail: { formatter: '{value}%', fontSize: 18 },
          data: [{ value: Math.round(percent * 10) / 10, name: title }],
        },
      ],
    },
  };
}

/**
 * Charts for whatever the API returned: lists of records become bar or line charts (line when the
 * labels are dates), ratios become gauges, other numbers a bar of their own. Nothing is invented:
 * a value the API did not return draws nothing.
 */
export function chartify(title: string, data: unknown, depth = 0): ChartSpec[] {
  if (depth > 3 || data === null || data === undefined) return [];
  if (Array.isArray(data)) {
    const rows = data.filter(isRecord);
    if (rows.length === 0) return [];
    const direct = seriesChart(title, rows);
    if (direct) return [direct];
    return rows.flatMap((row, index) => chartify(`${title} ${index + 1}`, row, depth + 1));
  }
  if (!isRecord(data)) return typeof data === 'number' ? [gauge(title, data)] : [];
  if (Array.isArray(data.edges)) {
    return chartify(
      title,
      (data.edges as Row[]).map((edge) => edge.node),
      depth + 1,
    );
  }
  const charts: ChartSpec[] = [];
  const numbers = numericKeys(data);
  const ratios = numbers.filter(
    (key) => ratioName.test(key) && (data[key] as number) >= 0 && (data[key] as number) <= 1,
  );
  for (const key of ratios) charts.push(gauge(`${title} · ${key}`, data[key] as number));
  const others = numbers.filter((key) => !ratios.includes(key));
  if (others.length > 0) {
    charts.push({
      title,
      option: {
        tooltip: {},
        grid: { left: 48, right: 16, top: 24, bottom: 48 },
        xAxis: { type: 'category', data: others },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: others.map((key) => data[key]) }],
      },
    });
  }
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'object' && value !== null)
      charts.push(...chartify(`${title} · ${key}`, value, depth + 1));
  }
  return charts;
}
