import { InvalidStatisticsInput } from '../items/scoring-input-error.js';

/** z for a one-sided 95 % lower confidence bound. */
export const defaultCertificationZ = 1.645;

export interface CertificationDecision {
  certified: boolean;
  /** ability − z × standardError. */
  lowerBound: number;
  ability: number;
  standardError: number;
  cutScore: number;
  z: number;
  /** lowerBound − cutScore: how far above (or, negative, below) the cut the bound is. */
  margin: number;
  explanation: string;
}

/**
 * Certifies an agent on a skill only when the lower confidence bound of the ability estimate,
 * ability − z·SE, clears the cut score: a high estimate from too few items is not enough.
 * `z` defaults to 1.645 (one-sided 95 %).
 */
export function certifyAbility(input: {
  ability: number;
  standardError: number;
  cutScore: number;
  z?: number;
}): CertificationDecision {
  const z = input.z ?? defaultCertificationZ;
  const { ability, standardError, cutScore } = input;
  if (!Number.isFinite(ability) || !Number.isFinite(cutScore) || !Number.isFinite(z)) {
    throw new InvalidStatisticsInput('ability, cutScore and z must be finite numbers');
  }
  if (!(standardError >= 0))
    throw new InvalidStatisticsInput(`standardError must be ≥ 0 (got ${standardError})`);
  const lowerBound = ability - z * standardError;
  const certified = lowerBound >= cutScore;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    certified,
    lowerBound,
    ability,
    standardError,
    cutScore,
    z,
    margin: lowerBound - cutScore,
    explanation: certified
      ? `能力 ${round(ability)} 的置信下限 ${round(lowerBound)} 达到合格线 ${round(cutScore)},予以认证`
      : `能力 ${round(ability)} 的置信下限 ${round(lowerBound)} 未达合格线 ${round(cutScore)},需更多作答或提高成绩`,
  };
}
