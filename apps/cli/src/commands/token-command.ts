import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.js';

export interface TokenOptions {
  role: string;
  user: string;
  team?: string;
  expires: string;
  secretDir: string;
}

const durationPattern = /^\d+\s*(s|m|h|d|w)$/;

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description("Print a development bearer token for the GraphQL server, signed with the server's secret.")
    .requiredOption('--role <role>', 'the role the token grants (agent, supervisor, manager, director, …)')
    .requiredOption('--user <name>', 'the user id (the token subject)')
    .option('--team <team>', 'the team claim (agents and supervisors see their team)')
    .option('--expires <duration>', 'lifetime: a number and s, m, h, d or w', '8h')
    .option(
      '--secret-dir <dir>',
      'where the development secret jwt-secret is kept when KEFU_JWT_SECRET is unset',
      '.kefu',
    )
    .addHelpText(
      'after',
      `
The token is HS256 with claims sub, role, team, iss "kefu", aud "kefu-api", signed by @kefu/server's
signDevelopmentToken with KEFU_JWT_SECRET, else the secret in <secret-dir>/jwt-secret (generated on
first use, as the server does). Send it as "Authorization: Bearer <token>".
Example:
  kefu token --role supervisor --user zhang.wei --team hotline --expires 8h`,
    )
    .action(async (options: TokenOptions) => {
      if (!durationPattern.test(options.expires.trim())) {
        throw new CliError(`--expires "${options.expires}" is not a duration like 30m, 8h or 7d`);
      }
      const { roles, signDevelopmentToken } = await import('@kefu/server');
      if (!(roles as readonly string[]).includes(options.role)) {
        throw new CliError(`--role "${options.role}" is not a role (one of ${roles.join(', ')})`);
      }
      let token: string;
      try {
        token = await signDevelopmentToken({
          role: options.role as (typeof roles)[number],
          userId: options.user,
          ...(options.team ? { team: options.team } : {}),
          expiresIn: options.expires.trim(),
          secretOptions: { directory: options.secretDir },
        });
      } catch (error) {
        throw new CliError((error as Error).message, ExitCode.usage);
      }
      process.stdout.write(`${token}\n`);
    });
}
