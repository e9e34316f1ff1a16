import { z } from 'zod';

/** The server's environment, validated once at start-up. Every variable is documented in docs/operations.md. */
export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database keeps its files. */
  KEFU_DATA_DIR: z.string().min(1).default('.kefu/data'),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Parses the environment; throws one error listing every bad variable. */
export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  const result = environmentSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new Error(`Invalid environment: ${problems}`);
}
