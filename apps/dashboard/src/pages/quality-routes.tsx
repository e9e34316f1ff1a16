import type { ReactNode } from 'react';
import { AgentQualityPage } from './agent-quality-page.js';
import { CalibrationListPage, CalibrationSessionPage } from './calibration-page.js';
import { ReviewFormPage } from './review-form-page.js';
import { ReviewQueuePage } from './review-queue-page.js';
import './quality.css';

/** Whether a path is one of the QA pages (for the nav's active item). */
export function isQualityPath(path: string): boolean {
  return /^\/(reviews|calibration|agents\/[^/]+\/quality)(\/|$)/.test(path);
}

/**
 * The QA pages: `/reviews` (queue; an agent's own quality), `/reviews/complaints/:id` (review form),
 * `/calibration`, `/calibration/:id`, `/agents/:id/quality`. Undefined for any other path.
 */
export function qualityPageFor(path: string): ReactNode | undefined {
  const decode = (value: string | undefined) => decodeURIComponent(value ?? '');
  const review = /^\/reviews\/complaints\/([^/]+)/.exec(path);
  if (review) return <ReviewFormPage key={review[1]} complaintId={decode(review[1])} />;
  const session = /^\/calibration\/([^/]+)/.exec(path);
  if (session) return <CalibrationSessionPage key={session[1]} id={decode(session[1])} />;
  if (/^\/calibration\/?$/.test(path)) return <CalibrationListPage />;
  const agent = /^\/agents\/([^/]+)\/quality/.exec(path);
  if (agent) return <AgentQualityPage key={agent[1]} agent={decode(agent[1])} />;
  if (/^\/reviews\/?$/.test(path)) return <ReviewQueuePage />;
  return undefined;
}
