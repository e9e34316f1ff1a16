import { createRuntime, openStore } from '@kefu/runtime';
import { createKefuYoga, signDevelopmentToken } from '@kefu/server';
import { defaultWorkflows } from '@kefu/workflows';

const store = await openStore({ dataDir: 'memory://readme' });
const jwtSecret = new TextEncoder().encode('a-secret-of-at-least-thirty-two-bytes');
const yoga = createKefuYoga({ runtime: createRuntime({ store, workflows: defaultWorkflows }), jwtSecret });

// What `kefu token --role agent --user li.na --team east` prints.
const token = await signDevelopmentToken({ role: 'agent', userId: 'li.na', team: 'east', secret: jwtSecret });
const response = await yoga.fetch('http://localhost/graphql', {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query: '{ complaints(first: 10) { totalCount nodes { id state } } }' }),
});
export const result = await response.json(); // { data: { complaints: { totalCount: 0, nodes: [] } } }

const anonymous = await yoga.fetch('http://localhost/graphql', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ complaints { totalCount } }' }),
});
export const refused = await anonymous.json(); // errors[0].extensions.code === 'UNAUTHENTICATED'
await store.close();
