import { readFileSync } from 'node:fs';
import { complaintPoliciesSchema } from '@kefu/complaint';
import { z } from 'zod';

/** `KEFU_CORS_ORIGINS`: a comma-separated list of exact origins (`https://ops.example.com`); no wildcards. */
export const corsOriginsSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  )
  .pipe(
    z.array(
      z.string().refine((origin) => {
        try {
          const url = new URL(origin);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
        } catch {
          return false;
        }
      }, 'each origin must be exactly scheme://host[:port], e.g. https://ops.example.com (no path, no wildcard)'),
    ),
  );

/**
 * `KEFU_COMPLAINT_POLICIES`: the path of a JSON file with the deployment's complaint policies (`standard` and/or
 * `priority`, as `complaintPoliciesSchema` of @kefu/complaint describes them), read and validated at start-up.
 */
export const complaintPoliciesFileSchema = z
  .string()
  .min(1)
  .transform((path, context) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `cannot read complaint policies from ${path}: ${error instanceof Error ? error.message : String(error)}`,
      });
      return z.NEVER;
    }
    const result = complaintPoliciesSchema.safeParse(parsed);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      context.addIssue({
        code: 'custom',
        message: `${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`,
      });
    }
    return z.NEVER;
  });

/** The server's environment, validated once at start-up. Every variable is documented in docs/operations.md. */
export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database keeps its files. */
  KEFU_DATA_DIR: z.string().min(1).default('.kefu/data'),
  /** HS256 key for bearer tokens (at least 32 bytes); when absent, `.kefu/jwt-secret` is generated and used. */
  KEFU_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Redis connection string: subscriptions reach every instance through it; in-process when absent. */
  REDIS_URL: z.string().url().optional(),
  /** Issue development tokens to anyone who asks (the dashboard's role picker); only ever on the embedded database. */
  KEFU_DEVELOPMENT_TOKENS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /**
   * Origins (scheme://host[:port], comma-separated) whose pages may call the API from a browser (CORS with
   * credentials). Empty by default: same origin only.
   */
  KEFU_CORS_ORIGINS: corsOriginsSchema,
  /** Milliseconds between the scheduler's runs (fire due timers, deliver the outbox). */
  KEFU_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
  /** Hours between automatic backups of the embedded database (0: none on a schedule; before migrations always). */
  KEFU_BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).max(8760).default(24),
  /** How many automatic backups to keep (the oldest beyond it are deleted). */
  KEFU_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  /** Where automatic backups go (default `backups/` beside KEFU_DATA_DIR, i.e. `.kefu/backups`). */
  KEFU_BACKUP_DIR: z.string().min(1).optional(),
  /** A JSON file with the deployment's complaint time limits, applied to every new complaint (built-in ones otherwise). */
  KEFU_COMPLAINT_POLICIES: complaintPoliciesFileSchema.optional(),
  /** Where people reach this server (scheme://host[:port]), for acknowledgement links in emails and chat messages. */
  KEFU_PUBLIC_URL: z.string().url().optional(),
  /** Milliseconds between reloads of the teams' rosters (changes saved on another instance). */
  KEFU_ROSTER_REFRESH_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** SMTP connection string for notification email (`smtp://user:pass@host:587`, `smtps://…`); email is off without it. */
  KEFU_SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), 'must start with smtp:// or smtps://')
    .optional(),
  /** The sender of notification email. */
  KEFU_SMTP_FROM: z.string().min(3).default('kefu <kefu@localhost>'),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Parses the environment; throws one error listing every bad variable. */
export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const result = environmentSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new Error(`Invalid environment: ${problems}`);
}
