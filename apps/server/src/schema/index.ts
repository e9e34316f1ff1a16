import { builder } from '../builder.js';
import './scalars.js';
import './workflow.js';
import './complaint.js';

/** The whole kefu GraphQL schema. */
export const schema = builder.toSchema({ sortSchema: true });
