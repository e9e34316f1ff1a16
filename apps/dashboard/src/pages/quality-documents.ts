/** The GraphQL documents of the QA pages and the shapes they return. */

export interface ScorecardCriterion {
  id: string;
  title: string;
  weight: number;
  critical: string;
  allowNotApplicable: boolean;
  maxPoints: number | null;
  guidance: string | null;
}

export interface Scorecard {
  id: string;
  version: number;
  title: string;
  passScore: number;
  sections: { id: string; title: string; weight: number; criteria: ScorecardCriterion[] }[];
}

export interface ReviewItem {
  criterionId: string;
  rating: string;
  comment: string | null;
  suggestedRating: string | null;
  suggestionEvidence: string | null;
  decision: string | null;
}

export interface Review {
  id: string;
  kind: string;
  reviewer: string;
  agent: string;
  complaintId: string;
  score: number;
  weightedScore: number;
  passed: boolean;
  criticalFailures: { criterionId: string; title: string }[];
  items: ReviewItem[];
  reviewedAt: string;
}

export interface QueueEntry {
  complaintId: string;
  agent: string;
  week: string;
  reason: 'sample' | 'breached' | 'unsatisfied';
  status: 'open' | 'reviewed';
  reviewId: string | null;
}

export interface CoachingNote {
  id: string;
  reviewId: string;
  agent: string;
  author: string;
  text: string;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgement: string | null;
}

export interface CalibrationReport {
  fleissKappa: number | null;
  reviewers: { reviewer: string; reviews: number; lean: number; meanAbsoluteDeviation: number }[];
  pairs: { reviewerA: string; reviewerB: string; agreement: number | null; cohenKappa: number | null }[];
  disagreements: { criterionId: string; title: string; unanimous: number | null }[];
  complaints: {
    complaintId: string;
    consensusScore: number;
    spread: number;
    scores: { reviewer: string; score: number }[];
  }[];
}

export interface CalibrationSession {
  id: string;
  title: string;
  status: 'open' | 'closed';
  createdBy: string;
  createdAt: string;
  complaintIds: string[];
  reviewers: string[];
  progress: { reviewer: string; complaintIds: string[] }[];
  scores: Review[];
  report: CalibrationReport | null;
  agreed: Review[];
}

export interface AgentQuality {
  agent: string;
  reviews: number;
  meanScore: number | null;
  trend: { week: string; reviews: number; meanScore: number; passRate: number }[];
  certification: { certified: boolean; lowerBound: number; cutScore: number; explanation: string } | null;
  recentReviews: Review[];
  coachingNotes: CoachingNote[];
}

const scorecardFields = `id version title passScore
  sections { id title weight criteria { id title weight critical allowNotApplicable maxPoints guidance } }`;

const reviewFields = `id kind reviewer agent complaintId score weightedScore passed reviewedAt
  criticalFailures { criterionId title }
  items { criterionId rating comment suggestedRating suggestionEvidence decision }`;

const coachingFields = 'id reviewId agent author text createdAt acknowledgedAt acknowledgement';

export const reviewQueueQuery = `query QualityReviewQueue($status: String) {
  reviewQueue(status: $status) { complaintId agent week reason status reviewId }
}`;

export const sampleReviewQueueMutation = `mutation QualitySample($input: SampleReviewQueueInput!) {
  sampleReviewQueue(input: $input) { added sampled { complaintId } }
}`;

export const reviewDraftQuery = `query QualityReviewDraft($complaintId: ID!) {
  reviewDraft(complaintId: $complaintId) {
    complaintId agent texts
    scorecard { ${scorecardFields} }
    suggestions { criterionId rating evidence }
  }
  complaint(id: $complaintId) { id summary history { seq type at by { userId role } } }
  reviews(complaintId: $complaintId) { ${reviewFields} }
}`;

export interface ComplaintTimeline {
  id: string;
  summary: string;
  history: { seq: number; type: string; at: string; by: { userId: string; role: string } | null }[];
}

export interface ReviewDraft {
  complaintId: string;
  agent: string;
  texts: string[];
  scorecard: Scorecard;
  suggestions: { criterionId: string; rating: string; evidence: string }[];
}

export const submitReviewMutation = `mutation QualitySubmitReview($input: SubmitReviewInput!) {
  submitReview(input: $input) { ${reviewFields} }
}`;

export const addCoachingMutation = `mutation QualityAddCoaching($input: AddCoachingNoteInput!) {
  addCoachingNote(input: $input) { ${coachingFields} }
}`;

export const acknowledgeCoachingMutation = `mutation QualityAcknowledge($input: AcknowledgeCoachingInput!) {
  acknowledgeCoaching(input: $input) { ${coachingFields} }
}`;

export const calibrationSessionsQuery = `query QualitySessions {
  calibrationSessions { id title status createdBy createdAt complaintIds reviewers }
}`;

export const createSessionMutation = `mutation QualityCreateSession($input: CreateCalibrationSessionInput!) {
  createCalibrationSession(input: $input) { id }
}`;

export const calibrationSessionQuery = `query QualitySession($id: ID!) {
  calibrationSession(id: $id) {
    id title status createdBy createdAt complaintIds reviewers
    progress { reviewer complaintIds }
    scores { ${reviewFields} }
    agreed { ${reviewFields} }
    report {
      fleissKappa
      reviewers { reviewer reviews lean meanAbsoluteDeviation }
      pairs { reviewerA reviewerB agreement cohenKappa }
      disagreements { criterionId title unanimous }
      complaints { complaintId consensusScore spread scores { reviewer score } }
    }
  }
  scorecard { ${scorecardFields} }
}`;

export const submitCalibrationScoreMutation = `mutation QualityCalibrationScore($input: SubmitCalibrationScoreInput!) {
  submitCalibrationScore(input: $input) { id }
}`;

export const closeSessionMutation = `mutation QualityCloseSession($input: CloseCalibrationSessionInput!) {
  closeCalibrationSession(input: $input) { id status }
}`;

export const agentQualityQuery = `query QualityAgent($agent: String) {
  agentQuality(agent: $agent) {
    agent reviews meanScore
    trend { week reviews meanScore passRate }
    certification { certified lowerBound cutScore explanation }
    recentReviews { ${reviewFields} }
    coachingNotes { ${coachingFields} }
  }
}`;
