import { describe, expect, it } from 'vitest';
import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { assessSkills } from './assess-skills.js';

const difficulties = Object.fromEntries(
  Array.from({ length: 20 }, (_, index) => [`q${index}`, -2 + (index % 5)]),
);

describe('assessSkills', () => {
  it('certifies only a confident pass when each agent is estimated on each skill separately', () => {
    const results = [
      // wang: 20 opening items, right on all but the two hardest → high ability, small SE.
      ...Array.from({ length: 20 }, (_, index) => ({
        agentId: 'wang',
        skill: 'opening',
        itemId: `q${index}`,
        score: index % 5 === 4 && index < 10 ? 0 : 1,
      })),
      // wang: 2 complaint items right → high but uncertain.
      { agentId: 'wang', skill: 'complaints', itemId: 'q0', score: 1 },
      { agentId: 'wang', skill: 'complaints', itemId: 'q1', score: 1 },
      { agentId: 'li', skill: 'opening', itemId: 'q2', score: 0 },
      { agentId: 'li', skill: 'opening', itemId: 'q3', score: 1 },
    ];
    const assessments = assessSkills({
      results,
      difficulties,
      cutScores: { opening: 0 },
      defaultCutScore: 0.5,
    });
    expect(assessments.map((entry) => [entry.agentId, entry.skill])).toEqual([
      ['li', 'opening'],
      ['wang', 'complaints'],
      ['wang', 'opening'],
    ]);
    const [li, wangComplaints, wangOpening] = assessments;
    expect(wangOpening?.estimate.items).toBe(20);
    expect(wangOpening?.certification.certified).toBe(true);
    expect(wangComplaints?.estimate.extreme).toBe(true);
    expect(wangComplaints?.certification).toMatchObject({ certified: false, cutScore: 0.5 });
    expect(li?.certification.certified).toBe(false);
  });

  it('throws InvalidStatisticsInput when an item has no difficulty or a skill no cut score', () => {
    expect(() =>
      assessSkills({
        results: [{ agentId: 'a', skill: 's', itemId: 'nope', score: 1 }],
        difficulties,
        defaultCutScore: 0,
      }),
    ).toThrow(InvalidStatisticsInput);
    expect(() =>
      assessSkills({ results: [{ agentId: 'a', skill: 's', itemId: 'q1', score: 1 }], difficulties }),
    ).toThrow(/no cut score/);
  });
});
