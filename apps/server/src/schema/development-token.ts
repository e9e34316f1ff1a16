import { GraphQLError } from 'graphql';
import { signDevelopmentToken } from '../bearer-token.js';
import { builder } from '../builder.js';
import { roles } from '../context.js';

const DevelopmentRole = builder.enumType('DevelopmentRole', { values: roles });

builder.mutationField('developmentToken', (t) =>
  t.string({
    description:
      'Development sign-in (the dashboard’s role picker): a bearer token for any user and role, valid 8 hours. ' +
      'Only the embedded development server issues them, and only to requests from its own machine addressed to a loopback Host (localhost, 127.0.0.1, [::1]) with no Origin or its own; elsewhere use `kefu token`.',
    skipTypeScopes: true,
    args: {
      userId: t.arg.string({ required: true }),
      role: t.arg({ type: DevelopmentRole, required: true }),
      team: t.arg.string(),
    },
    resolve: async (_root, { userId, role, team }, { developmentTokenSecret }) => {
      if (!developmentTokenSecret) {
        throw new GraphQLError(
          'This server does not issue development tokens here (only the embedded development server does, and only to requests from its own machine addressed to a loopback Host such as localhost, from no Origin or its own); use `kefu token`',
          { extensions: { code: 'FORBIDDEN' } },
        );
      }
      const user = userId.trim();
      if (!/^[\w.@-]{1,64}$/.test(user)) {
        throw new GraphQLError('userId must be 1–64 letters, digits, or . _ @ -', {
          extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'userId', message: 'invalid user id' }] },
        });
      }
      return signDevelopmentToken({
        userId: user,
        role,
        ...(team?.trim() ? { team: team.trim() } : {}),
        secret: developmentTokenSecret,
      });
    },
  }),
);
