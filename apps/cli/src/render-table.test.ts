import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable } from './render-table.js';

describe('renderTable', () => {
  it('aligns columns by display width when cells hold Chinese text', () => {
    expect(displayWidth('投诉处理')).toBe(8);
    const table = renderTable(
      ['id', 'title', 'n'],
      [
        ['a', '投诉处理', '1'],
        ['bb', 'crisis', '12'],
      ],
      [2],
    );
    expect(table.split('\n')).toEqual([
      'id  title      n',
      '──  ────────  ──',
      'a   投诉处理   1',
      'bb  crisis    12',
    ]);
  });
});
