import { describe, expect, it } from 'vitest';
import { parseYamlSource, YamlValidationError } from './yaml-source.js';

describe('parseYamlSource', () => {
  it('locates a nested path at its line and column when asked', () => {
    const source = parseYamlSource(
      'items:\n  - id: a\n    rubric:\n      concepts:\n        - phrases: [x, y]\n',
      'bank.yaml',
    );
    expect(source.locate('items.0.rubric.concepts.0.phrases.1', 'bad phrase')).toEqual({
      file: 'bank.yaml',
      line: 5,
      column: 24,
      path: 'items.0.rubric.concepts.0.phrases.1',
      message: 'bad phrase',
    });
  });

  it('falls back to the nearest existing parent when the path is missing', () => {
    const source = parseYamlSource('items:\n  - id: a\n', 'bank.yaml');
    expect(source.locate('items.0.rubric', 'required')).toMatchObject({ line: 2, column: 5 });
  });

  it('throws YamlValidationError at file:line:column when the YAML is malformed', () => {
    expect(() => parseYamlSource('items:\n  - id: [a\n', 'bad.yaml')).toThrow(YamlValidationError);
    try {
      parseYamlSource('a: 1\n  b: 2\n', 'bad.yaml');
    } catch (error) {
      expect((error as YamlValidationError).message).toMatch(/bad\.yaml:\d+:\d+: /);
    }
  });

  it('resolves anchors and merge keys when items share definitions', () => {
    const source = parseYamlSource(
      'shared:\n  base: &base { id: a, weight: 1 }\nitems:\n  - <<: *base\n    weight: 2\n',
      'x.yaml',
    );
    expect((source.value as { items: unknown[] }).items[0]).toEqual({ id: 'a', weight: 2 });
  });
});
