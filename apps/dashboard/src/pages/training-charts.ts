import type { EChartsCoreOption } from 'echarts/core';

export interface QuizPassRate {
  quizId: string;
  quizTitle?: string | null;
  attempts: number;
  passed: number;
  passRate: number | null;
  meanScore?: number | null;
}

export interface ItemAnalysis {
  itemId: string;
  quizId?: string;
  facility: number | null;
  discrimination: number | null;
  passRate?: number | null;
  responses: number;
}

export interface SkillLevel {
  trainee: string;
  skill: string;
  rating: number;
  lowerBound: number;
  certified: boolean | null;
  evidence: number;
}

const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;

/** Pass rate per quiz (bars, %) with the number of finished attempts. */
export function passRateChart(rates: QuizPassRate[]): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: rates.map((rate) => rate.quizTitle ?? rate.quizId) },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: 'attempts', minInterval: 1 },
    ],
    series: [
      { name: 'pass rate %', type: 'bar', data: rates.map((rate) => percent(rate.passRate)) },
      { name: 'attempts', type: 'line', yAxisIndex: 1, data: rates.map((rate) => rate.attempts) },
    ],
  };
}

/** Item difficulty: facility (share answering right) against discrimination, one point per item. */
export function itemDifficultyChart(items: ItemAnalysis[]): EChartsCoreOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: { data: [number, number, string, number] }) =>
        `${params.data[2]}<br/>facility ${params.data[0]} · discrimination ${params.data[1]} · n=${params.data[3]}`,
    },
    grid: { left: 56, right: 24, top: 24, bottom: 48 },
    xAxis: { type: 'value', name: 'facility (easy →)', nameLocation: 'middle', nameGap: 28, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'discrimination', min: -1, max: 1 },
    series: [
      {
        type: 'scatter',
        symbolSize: (value: [number, number, string, number]) => Math.min(30, 8 + value[3] * 2),
        // Item ids in the tooltip: labels on every point collide when items share a score.
        emphasis: {
          label: {
            show: true,
            position: 'right',
            formatter: (params: { data: [number, number, string] }) => params.data[2],
          },
        },
        data: items
          .filter((item) => item.facility !== null)
          .map((item) => [item.facility, item.discrimination ?? 0, item.itemId, item.responses]),
      },
    ],
  };
}

/** Each agent's skill rating with its lower confidence bound; certified ones in green. */
export function skillLevelChart(levels: SkillLevel[], certifiedLabel: string): EChartsCoreOption {
  const labels = levels.map((level) => `${level.trainee} · ${level.skill}`);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 150, right: 24, top: 32, bottom: 24 },
    yAxis: { type: 'category', data: labels },
    // Ratings sit around 1500 (Elo): start the axis just below the lowest bound so differences show.
    xAxis: { type: 'value', min: (extent: { min: number }) => Math.floor((extent.min - 100) / 100) * 100 },
    series: [
      {
        name: 'lower bound',
        type: 'bar',
        color: '#5470c6',
        data: levels.map((level) => Math.round(level.lowerBound)),
      },
      {
        name: 'rating',
        type: 'bar',
        color: '#94a3b8',
        data: levels.map((level) => ({
          value: Math.round(level.rating),
          itemStyle: { color: level.certified ? '#3a9a5b' : '#94a3b8' },
          label: { show: level.certified === true, position: 'right', formatter: certifiedLabel },
        })),
      },
    ],
  };
}
