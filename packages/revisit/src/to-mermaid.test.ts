import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMermaid } from './to-mermaid.js';

const docPath = new URL('../../../docs/customers.md', import.meta.url);

describe('toMermaid', () => {
  it('draws the revisit states with each transition’s event and guard', () => {
    const diagram = toMermaid();
    expect(diagram.startsWith('stateDiagram-v2\n  [*] --> planned\n')).toBe(true);
    expect(diagram).toContain('  planned --> assigned: revisit.assign [isLead]\n');
    expect(diagram).toContain('  attempted --> assigned: revisit.deadlineReached [isRetryDue]\n');
    expect(diagram).toContain('  missed --> [*]\n');
  });

  it('matches the diagram in docs/customers.md', () => {
    const doc = readFileSync(docPath, 'utf8');
    const embedded = /## Revisit programme[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(embedded).toBe(toMermaid());
  });
});
