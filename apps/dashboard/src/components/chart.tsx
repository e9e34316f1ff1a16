import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { useLanguage } from '../i18n.js';

/** True when no series has a value to draw (empty lists, or only null/undefined points). */
export function isEmptyChart(option: EChartsCoreOption): boolean {
  const series = option.series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return list.every((entry) => {
    const data = (entry as { data?: unknown }).data;
    // A pie of zeros has nothing to draw either.
    const isPie = (entry as { type?: unknown }).type === 'pie';
    return (
      !Array.isArray(data) ||
      data.every(
        (point) =>
          point === null ||
          point === undefined ||
          (isPie && typeof point === 'object' && !(point as { value?: unknown }).value),
      )
    );
  });
}

/** One ECharts chart; ECharts loads on first use, in its own chunk, so the queue page stays light. */
export function Chart({
  option,
  height = 280,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const { t } = useLanguage();
  const empty = isEmptyChart(option);
  useEffect(() => {
    if (empty) return;
    let disposed = false;
    let dispose = () => {};
    void import('./echarts-setup.js').then(({ echarts }) => {
      if (disposed || !element.current) return;
      const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
      // Marked rendered once ECharts has finished drawing (animations included), so screenshots and tests see the chart.
      chart.on('finished', () => {
        if (element.current) element.current.dataset.rendered = 'true';
      });
      chart.setOption(option);
      const resize = () => chart.resize();
      globalThis.addEventListener('resize', resize);
      dispose = () => {
        globalThis.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option, empty]);
  if (empty) {
    return (
      <div
        className="chart chart-empty"
        style={{ height }}
        data-testid={testId ?? 'chart'}
        data-empty="true"
        data-rendered="true"
      >
        <p className="empty">{t('noData')}</p>
      </div>
    );
  }
  return <div className="chart" ref={element} style={{ height }} data-testid={testId ?? 'chart'} />;
}
