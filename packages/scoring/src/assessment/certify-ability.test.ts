import { describe, expect, it } from 'vitest';
import { certifyAbility } from './certify-ability.js';

describe('certifyAbility', () => {
  it('certifies when ability − 1.645·SE clears the cut score', () => {
    const decision = certifyAbility({ ability: 1.2, standardError: 0.3, cutScore: 0.5 });
    expect(decision.certified).toBe(true);
    expect(decision.lowerBound).toBeCloseTo(1.2 - 1.645 * 0.3, 12);
    expect(decision.margin).toBeCloseTo(0.2065, 12);
  });

  it('refuses when the estimate is high but too uncertain', () => {
    const decision = certifyAbility({ ability: 1.2, standardError: 0.5, cutScore: 0.5 });
    expect(decision.certified).toBe(false);
    expect(decision.explanation).toContain('未达合格线');
  });

  it('uses the given z when a stricter bound is asked for', () => {
    expect(certifyAbility({ ability: 1.2, standardError: 0.3, cutScore: 0.5, z: 2.576 }).certified).toBe(
      false,
    );
  });
});
