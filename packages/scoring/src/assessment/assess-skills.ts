import { InvalidStatisticsInput } from '../items/scoring-input-error.js';
import { type CertificationDecision, certifyAbility } from './certify-ability.js';
import { estimateRaschAbility, type RaschAbilityEstimate } from './rasch-ability.js';

/** One graded answer by one agent to one item that assesses one skill. */
export interface SkillResult {
  agentId: string;
  skill: string;
  itemId: string;
  /** In [0, 1]. */
  score: number;
}

export interface SkillAssessment {
  agentId: string;
  skill: string;
  estimate: RaschAbilityEstimate;
  certification: CertificationDecision;
}

/**
 * Per-agent, per-skill Rasch ability estimates from graded results and calibrated item
 * difficulties (logits), each with its certification decision against the skill's cut score
 * (`cutScores[skill]`, else `defaultCutScore`). Sorted by agent, then skill.
 */
export function assessSkills(input: {
  results: readonly SkillResult[];
  difficulties: Readonly<Record<string, number>>;
  cutScores?: Readonly<Record<string, number>>;
  defaultCutScore?: number;
  z?: number;
}): SkillAssessment[] {
  const groups = new Map<
    string,
    { agentId: string; skill: string; responses: { difficulty: number; score: number }[] }
  >();
  input.results.forEach((result, index) => {
    const difficulty = input.difficulties[result.itemId];
    if (difficulty === undefined) {
      throw new InvalidStatisticsInput(
        `results.${index}: item "${result.itemId}" has no calibrated difficulty`,
      );
    }
    const key = JSON.stringify([result.agentId, result.skill]);
    const group = groups.get(key) ?? { agentId: result.agentId, skill: result.skill, responses: [] };
    group.responses.push({ difficulty, score: result.score });
    groups.set(key, group);
  });
  return [...groups.values()]
    .sort((a, b) => a.agentId.localeCompare(b.agentId) || a.skill.localeCompare(b.skill))
    .map(({ agentId, skill, responses }) => {
      const cutScore = input.cutScores?.[skill] ?? input.defaultCutScore;
      if (cutScore === undefined) throw new InvalidStatisticsInput(`no cut score for skill "${skill}"`);
      const estimate = estimateRaschAbility(responses);
      return {
        agentId,
        skill,
        estimate,
        certification: certifyAbility({
          ability: estimate.ability,
          standardError: estimate.standardError,
          cutScore,
          ...(input.z === undefined ? {} : { z: input.z }),
        }),
      };
    });
}
