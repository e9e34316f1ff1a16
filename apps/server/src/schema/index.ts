import { builder } from '../builder.js';
import './scalars.js';
import './workflow.js';
import './complaint.js';
import './complaint-list.js';
import './escalation.js';
import './crisis.js';
import './agent.js';
import './dashboard.js';
import './training.js';
import './attempt.js';
import './live.js';
import './development-token.js';
import './roster.js';

/** The whole kefu GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
