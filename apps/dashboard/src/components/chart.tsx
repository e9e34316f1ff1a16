import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

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
  useEffect(() => {
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
  }, [option]);
  return <div className="chart" ref={element} style={{ height }} data-testid={testId ?? 'chart'} />;
}
