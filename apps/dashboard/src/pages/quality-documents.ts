import { graphql, type ResultOf } from '../graphql.js';

/** The GraphQL documents of the QA pages, typed against schema.graphql (gql.tada), and the shapes they return. */

export const reviewQueueQuery = graphql(`
  query QualityReviewQueue($status: String) {
    reviewQueue(status: $status) { complaintId agent week reason status reviewId }
  }
`);

export const sampleReviewQueueMutation = graphql(`
  mutation QualitySample($input: SampleReviewQueueInput!) {
    sampleReviewQueue(input: $input) { added sampled { complaintId } }
  }
`);

export const reviewDraftQuery = graphql(`
  query QualityReviewDraft($complaintId: ID!) {
    reviewDraft(complaintId: $complaintId) {
      complaintId agent texts
      scorecard {
        id version title passScore
        sections { id title weight criteria { id title weight critical allowNotApplicable maxPoints guidance } }
      }
      suggestions { criterionId rating evidence }
    }
    complaint(id: $complaintId) { id summary history { seq type at by { userId role } } }
  }
`);

export const submitReviewMutation = graphql(`
  mutation QualitySubmitReview($input: SubmitReviewInput!) {
    submitReview(input: $input) {
      id kind reviewer agent complaintId score weightedScore passed reviewedAt
      criticalFailures { criterionId title }
      items { criterionId rating comment suggestedRating suggestionEvidence decision }
    }
  }
`);

export const addCoachingMutation = graphql(`
  mutation QualityAddCoaching($input: AddCoachingNoteInput!) {
    addCoachingNote(input: $input) { id agent }
  }
`);

export const acknowledgeCoachingMutation = graphql(`
  mutation QualityAcknowledge($input: AcknowledgeCoachingInput!) {
    acknowledgeCoaching(input: $input) { id acknowledgedAt acknowledgement }
  }
`);

export const calibrationSessionsQuery = graphql(`
  query QualitySessions {
    calibrationSessions { id title status createdBy createdAt complaintIds reviewers }
  }
`);

export const createSessionMutation = graphql(`
  mutation QualityCreateSession($input: CreateCalibrationSessionInput!) {
    createCalibrationSession(input: $input) { id }
  }
`);

export const calibrationSessionQuery = graphql(`
  query QualitySession($id: ID!) {
    calibrationSession(id: $id) {
      id title status createdBy createdAt complaintIds reviewers
      progress { reviewer complaintIds }
      scores { id complaintId score items { criterionId rating } }
      agreed { id complaintId score }
      report {
        fleissKappa
        reviewers { reviewer reviews lean meanAbsoluteDeviation }
        pairs { reviewerA reviewerB agreement cohenKappa }
        disagreements { criterionId title unanimous }
        complaints { complaintId consensusScore spread scores { reviewer score } }
      }
    }
    scorecard {
      id version title passScore
      sections { id title weight criteria { id title weight critical allowNotApplicable maxPoints guidance } }
    }
  }
`);

export const submitCalibrationScoreMutation = graphql(`
  mutation QualityCalibrationScore($input: SubmitCalibrationScoreInput!) {
    submitCalibrationScore(input: $input) { id }
  }
`);

export const closeSessionMutation = graphql(`
  mutation QualityCloseSession($input: CloseCalibrationSessionInput!) {
    closeCalibrationSession(input: $input) { id status }
  }
`);

export const agentQualityQuery = graphql(`
  query QualityAgent($agent: String) {
    agentQuality(agent: $agent) {
      agent reviews meanScore
      trend { week reviews meanScore passRate }
      certification { certified lowerBound cutScore explanation }
      recentReviews { id score passed reviewedAt criticalFailures { criterionId title } }
      coachingNotes { id reviewId agent author text createdAt acknowledgedAt acknowledgement }
    }
  }
`);

export type ReviewDraft = ResultOf<typeof reviewDraftQuery>['reviewDraft'];
export type Scorecard = ReviewDraft['scorecard'];
export type ScorecardCriterion = Scorecard['sections'][number]['criteria'][number];
export type Review = ResultOf<typeof submitReviewMutation>['submitReview'];
export type QueueEntry = ResultOf<typeof reviewQueueQuery>['reviewQueue'][number];
export type CalibrationSession = NonNullable<ResultOf<typeof calibrationSessionQuery>['calibrationSession']>;
export type AgentQuality = ResultOf<typeof agentQualityQuery>['agentQuality'];
export type CoachingNote = AgentQuality['coachingNotes'][number];
