import { YamlValidationError } from '@kefu/scoring';
import { describe, expect, it } from 'vitest';
import { itemSourceOf, parseItemSource } from './item-source.js';
import { loadStandardBank } from './load-bank.js';

describe('parseItemSource', () => {
  it('reads back the same item when given the YAML itemSourceOf writes for a bank item', () => {
    const bank = loadStandardBank();
    const source = itemSourceOf(bank, 'greeting.opening');
    expect(source).toContain('id: greeting.opening');
    const item = parseItemSource(source as string);
    expect(item.id).toBe('greeting.opening');
    expect(item.type).toBe('script');
  });

  it('points at the line and column of the bad field when an option id is missing', () => {
    const text = [
      'id: demo.choice',
      'type: single-choice',
      'prompt: 客户来电第一句应该说什么?',
      'options:',
      '  - id: a',
      '    text: 您好',
      '  - text: 喂',
      'answer: a',
    ].join('\n');
    let caught: unknown;
    try {
      parseItemSource(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(YamlValidationError);
    const [issue] = (caught as YamlValidationError).located;
    expect([issue?.path, issue?.line, issue?.column]).toEqual(['options.1.id', 7, 5]);
  });

  it('reports a YAML syntax error at its line when the text is not YAML', () => {
    let caught: unknown;
    try {
      parseItemSource('id: demo\ntype: [script\n');
    } catch (error) {
      caught = error;
    }
    expect((caught as YamlValidationError).located[0]?.line).toBeGreaterThanOrEqual(2);
  });
});
