import { describe, expect, it } from 'vitest';
import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { eloExpectedScore, emptyEloLedger, recordEloResult, updateElo } from './elo-rating.js';

describe('Elo', () => {
  it('gives the published expected score of 2.867 when a 1613 player meets 1609, 1477, 1388, 1586 and 1720', () => {
    const expected = [1609, 1477, 1388, 1586, 1720].reduce(
      (sum, opponent) => sum + eloExpectedScore(1613, opponent),
      0,
    );
    expect(expected).toBeCloseTo(2.867, 3);
    // Scoring 2.5 with K = 32 takes the rating to 1601 (Wikipedia's worked example).
    expect(Math.round(1613 + 32 * (2.5 - expected))).toBe(1601);
  });

  it('moves the agent up by K × (1 − E) when an agent rated 1500 answers a 1700 item right', () => {
    // E = 1 / (1 + 10^(200/400)) = 1 / (1 + √10) = 0.240253…
    const update = updateElo({ agentRating: 1500, itemRating: 1700, score: 1, kFactor: 32 });
    expect(update.expectedScore).toBeCloseTo(1 / (1 + Math.sqrt(10)), 12);
    expect(update.change).toBeCloseTo(24.3119016527, 8);
    expect(update.agentRating).toBeCloseTo(1524.3119016527, 8);
    expect(update.itemRating).toBeCloseTo(1675.6880983473, 8);
  });

  it('keeps item ratings fixed when itemKFactor is 0 and moves down on a wrong answer', () => {
    const update = updateElo({ agentRating: 1500, itemRating: 1500, score: 0, kFactor: 20, itemKFactor: 0 });
    expect(update).toEqual({ agentRating: 1490, itemRating: 1500, expectedScore: 0.5, change: -10 });
  });

  it('tracks ratings per agent per skill when results are recorded in a ledger', () => {
    let ledger = emptyEloLedger();
    ledger = recordEloResult(
      ledger,
      { agentId: 'wang', skill: 'opening', itemId: 'q1', score: 1 },
      { kFactor: 32 },
    );
    const after = recordEloResult(
      ledger,
      { agentId: 'wang', skill: 'complaints', itemId: 'q2', score: 0 },
      { kFactor: 32 },
    );
    expect(ledger.agents.wang?.opening).toEqual({ rating: 1516, results: 1 });
    expect(after.agents.wang?.complaints).toEqual({ rating: 1484, results: 1 });
    expect(after.agents.wang?.opening).toEqual({ rating: 1516, results: 1 });
    expect(after.items.q1).toEqual({ rating: 1484, results: 1 });
    expect(ledger.agents.wang?.complaints).toBeUndefined();
  });

  it('throws InvalidStatisticsInput when the score is outside [0, 1]', () => {
    expect(() => updateElo({ agentRating: 1500, itemRating: 1500, score: 2 })).toThrow(
      InvalidStatisticsInput,
    );
  });
});
