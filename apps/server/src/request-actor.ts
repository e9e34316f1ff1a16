import { GraphQLError } from 'graphql';
import type { RequestActor, Role } from './context.js';

const roles: readonly Role[] = ['agent', 'supervisor', 'manager', 'director', 'trainer'];

/**
 * Who is asking. Until bearer tokens land, the development server trusts the `x-kefu-user` and
 * `x-kefu-role` headers and falls back to a development supervisor.
 */
export function requestActor(request: Request, fallback: RequestActor): RequestActor {
  const userId = request.headers.get('x-kefu-user')?.trim();
  const role = request.headers.get('x-kefu-role')?.trim();
  if (role !== undefined && role !== '' && !roles.includes(role as Role)) {
    throw new GraphQLError(`Unknown role "${role}" in x-kefu-role (expected one of ${roles.join(', ')})`, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return { userId: userId || fallback.userId, role: (role || fallback.role) as Role };
}
