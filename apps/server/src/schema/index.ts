import { builder } from '../builder.js';
import './scalars.js';
import './workflow.js';
import './complaint.js';
import './complaint-list.js';
import './customer.js';
import './escalation.js';
import './crisis.js';
import './agent.js';
import './dashboard.js';
import './training.js';
import './attempt.js';
import './review.js';
import './calibration.js';
import './coaching.js';
import './quiz-assignment.js';
import './quiz-try.js';
import './item-authoring.js';
import './live.js';
import './development-token.js';
import './revisit.js';
import './customer-warning.js';
import './roster.js';
import './notification-rule.js';
import './notification-delivery.js';
import './notification-inbox.js';

/** The whole kefu GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
