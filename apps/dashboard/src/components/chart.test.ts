import { expect, it } from 'vitest';
import { isEmptyChart } from './chart.js';

it('reports an empty chart when every series has no points', () => {
  expect(
    isEmptyChart({
      series: [
        { type: 'bar', data: [] },
        { type: 'line', data: [null] },
      ],
    }),
  ).toBe(true);
});

it('reports an empty chart when a pie has only zero slices', () => {
  expect(
    isEmptyChart({
      series: [
        {
          type: 'pie',
          data: [
            { name: 'a', value: 0 },
            { name: 'b', value: 0 },
          ],
        },
      ],
    }),
  ).toBe(true);
});

it('reports a chart with data when one series has a value', () => {
  expect(
    isEmptyChart({
      series: [
        { type: 'bar', data: [] },
        { type: 'line', data: [0] },
      ],
    }),
  ).toBe(false);
});
