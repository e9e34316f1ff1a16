import { type Cache, hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Database } from '@kefu/runtime';
import { type ExecutionResult, type GraphQLSchema, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Kysely } from 'kysely';
import { type AccessLogEntry, createAccessLog } from './access-log.js';
import { stalenessBoundMs } from './change-feed.js';
import type { KefuContext, RequestActor } from './context.js';

/**
 * The root query fields whose whole responses may be cached: the queue page (`complaints`) and the dashboards
 * (`dashboard`, `summary`). Every other root field (complaint details, customers, notifications, training, rosters,
 * reviews …) is never cached: an operation that asks for any of them is executed every time.
 */
export const cachedQueryFields: readonly string[] = ['complaints', 'dashboard', 'summary'];

export interface ResponseCacheOptions {
  /**
   * How long a cached response is served at most, in milliseconds (default `stalenessBoundMs`, 2,000, the dashboard
   * cache's interval). This bounds how stale the fields computed from the clock (`Complaint.clocks`,
   * `availableActions`, `blockedActions`) and changes no event announces can be.
   */
  ttlMs?: number;
  /** Responses kept at most (oldest dropped first; default 1,000). */
  maxEntries?: number;
  /** Add `extensions.responseCache` (`hit`, `didCache`, `ttl`) to each cached operation's result (default false; for tests). */
  includeMetadata?: boolean;
}

interface Reads {
  actor: RequestActor;
  operationName: string | null;
  entries: AccessLogEntry[];
}

export interface ResponseCacheWiring {
  /** Who is asking: the bearer token verified once per request (the context reads the same promise). */
  credentials: (request: Request) => Promise<{ actor: RequestActor | null }>;
  /** The clock expiry is measured on (the server's `now`). */
  now: () => Date;
  schema: GraphQLSchema;
  /** Where a response served again that holds unmasked personal data writes its `access_log` rows. */
  db: Kysely<Database>;
}

export interface KefuResponseCache {
  /** The yoga plugin: serves and stores responses, drops them after a mutation that did not report a change. */
  plugin: Plugin;
  /** A change happened (from the change feed): every cached response is dropped, none started before is stored. */
  invalidate(): void;
  /** How many times every cached response was dropped (for tests and metrics). */
  readonly clears: number;
  /** Responses held now (for tests and metrics). */
  readonly size: number;
  /** Executions waiting for an identical one under way now (for tests and metrics). */
  readonly waiting: number;
}

/**
 * A whole-response cache for read-only operations (`@graphql-yoga/plugin-response-cache`), per verified actor:
 * the session key is the token's user, role and team, which decide what a request may see and how personal data
 * is masked. Anonymous and refused requests, results with errors, mutations and subscriptions are never cached;
 * neither is an operation asking any root field outside `cachedQueryFields`. A response that read unmasked personal
 * data keeps those reads: each time it is served they are written to `access_log` again first (one row per read,
 * as an execution writes them), and if that write fails the operation executes instead. Every change the change
 * feed reports drops every response once (`invalidate`); so does a mutation through this server whose change no
 * feed reports (customer records, rosters …), before its response returns, unless nothing could have been cached
 * since the last drop. An operation that started before a drop is not stored. A response built from a dashboard
 * result already behind a change (`KefuContext.staleResult`) is kept only until that result stops being served,
 * so the caches' staleness does not add up: a read reflects every change reported `stalenessBoundMs` before it.
 * Identical operations of one caller that arrive while one is executing (since the last change) wait for its result
 * instead of executing again, so an expiry under load costs one execution, not one per connection.
 */
export function createResponseCache(
  wiring: ResponseCacheWiring,
  options: ResponseCacheOptions = {},
): KefuResponseCache {
  const ttlMs = options.ttlMs ?? stalenessBoundMs;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = () => wiring.now().getTime();
  const entries = new Map<string, { result: ExecutionResult; expiresAt: number; reads: Reads | undefined }>();
  /** Bumped by every drop; an operation stores its result only if none happened since it started. */
  let generation = 0;
  let clears = 0;
  /** A query started since the last drop: something may be cached or about to be. */
  let startedSinceClear = false;
  /** Per execution: the earliest time a stale dashboard result it used stops being served. */
  const servedUntil = new WeakMap<object, number>();
  let waiting = 0;
  const startedAt = new WeakMap<object, number>();
  /** The unmasked personal data each execution read (its `access_log` rows). */
  const personalReads = new WeakMap<object, AccessLogEntry[]>();
  /** Handed from `onTtl` to the `set` that follows it synchronously: whose reads the stored response holds. */
  let storing: Reads | undefined;
  const sessions = new WeakMap<Request, string>();
  const keys = new WeakMap<object, string>();
  /** Executions under way per cache key (started in this generation): identical operations wait for them. */
  const inFlight = new Map<string, { result: Promise<unknown>; context: object }>();
  /** Ends an execution's `inFlight` entry with its result. */
  const guardsDone = new WeakMap<object, (result: unknown) => void>();

  const invalidate = () => {
    generation += 1;
    clears += 1;
    startedSinceClear = false;
    entries.clear();
    inFlight.clear();
  };
  const noteStale = (context: object, until: number) => {
    servedUntil.set(context, Math.min(servedUntil.get(context) ?? until, until));
  };

  const cache: Cache = {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return null;
      }
      const reads = entry.reads;
      if (!reads) return entry.result;
      // Served personal data is read again: its rows are written first (one INSERT); if that fails, it executes.
      const log = createAccessLog(wiring.db, reads.actor, wiring.now, () => reads.operationName);
      return Promise.all(reads.entries.map((read) => log.record(read))).then(
        () => entry.result,
        () => null,
      );
    },
    set(key, result, _entities, ttl) {
      const reads = storing;
      storing = undefined;
      entries.delete(key);
      entries.set(key, { result, expiresAt: now() + ttl, reads });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    // Any entity changed: nothing cached can be trusted.
    invalidate: invalidate,
  };

  // Default deny: every root query field but the cached ones has a TTL of 0 (the plugin takes the least TTL met).
  const ttlPerSchemaCoordinate: Record<string, number> = {};
  for (const field of Object.keys(wiring.schema.getQueryType()?.getFields() ?? {})) {
    if (!cachedQueryFields.includes(field)) ttlPerSchemaCoordinate[`Query.${field}`] = 0;
  }

  const responseCache = useResponseCache<KefuContext & { request: Request }>({
    cache,
    ttl: ttlMs,
    ttlPerSchemaCoordinate,
    session: async (request) => {
      // A refused token is not cached: the context then reports the same error as without the cache.
      const actor = await wiring.credentials(request).then(
        (credentials) => credentials.actor,
        () => null,
      );
      if (!actor) return null;
      const session = JSON.stringify([actor.userId, actor.role, actor.team ?? null]);
      sessions.set(request, session);
      return session;
    },
    // Only verified actors; false before the session is known (so no `If-None-Match` 304 is answered).
    enabled: (request) => sessions.has(request),
    // The plugin's own key (document, operation name, variables, session), remembered per request.
    buildResponseCacheKey: async ({ documentString, operationName, variableValues, sessionId, context }) => {
      const key = await hashSHA256(
        [documentString, operationName ?? '', JSON.stringify(variableValues ?? {}), sessionId ?? ''].join(
          '|',
        ),
      );
      keys.set(context as object, key);
      return key;
    },
    invalidateViaMutation: false,
    includeExtensionMetadata: options.includeMetadata ?? false,
    onTtl: ({ ttl, context }) => {
      const started = startedAt.get(context as object);
      storing = undefined;
      if (started !== generation) return 0;
      // Built from a stale dashboard result: kept no longer than that result is served.
      const until = servedUntil.get(context as object);
      const kept = until === undefined ? ttl : Math.max(0, Math.min(ttl, until - now()));
      if (kept === 0) return 0;
      const kefu = context as KefuContext;
      const entries = personalReads.get(context as object);
      if (entries?.length && kefu.actor) {
        storing = { actor: kefu.actor, operationName: kefu.operationName, entries };
      }
      return kept;
    },
  });

  const guard: Plugin<KefuContext> = {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as KefuContext;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation === 'mutation') {
        // Its commits were dropped as they happened (the change feed); what else it changed is dropped when it is
        // done, before its response goes out — unless no query started since the last drop (nothing to drop).
        return {
          onExecuteDone: () => {
            if (startedSinceClear) invalidate();
          },
        };
      }
      if (operation?.operation !== 'query') return;
      startedAt.set(context, generation);
      startedSinceClear = true;
      context.staleResult = (until) => noteStale(context, until);
      const key = keys.get(context);
      const running = key === undefined ? undefined : inFlight.get(key);
      let settle: ((result: unknown) => void) | undefined;
      if (key !== undefined && running) {
        // The same operation of the same caller is executing since the last change: share its result (a miss
        // after expiry costs one execution, not one per waiting viewer) unless it failed, streamed or read
        // personal data (each read must be logged for its own request).
        setExecuteFn(async (executionArgs) => {
          waiting += 1;
          const result = (await running.result.finally(() => {
            waiting -= 1;
          })) as { errors?: unknown } | undefined;
          const shareable =
            result != null &&
            !isAsyncIterable(result) &&
            result.errors === undefined &&
            !personalReads.get(running.context)?.length;
          if (!shareable) return executeFn(executionArgs);
          const until = servedUntil.get(running.context);
          if (until !== undefined) noteStale(context, until);
          return result;
        });
      } else if (key !== undefined) {
        const result = new Promise<unknown>((resolve) => {
          settle = resolve;
        });
        const entry = { result, context };
        inFlight.set(key, entry);
        const finish = (value: unknown) => {
          settle?.(value);
          if (inFlight.get(key) === entry) inFlight.delete(key);
        };
        // An execution that throws shares nothing: the waiting ones execute themselves.
        setExecuteFn(async (executionArgs) => {
          try {
            return await executeFn(executionArgs);
          } catch (error) {
            finish(undefined);
            throw error;
          }
        });
        guardsDone.set(context, finish);
      }
      // Reads of unmasked personal data are remembered with the response: serving it again writes them again.
      const accessLog = context.accessLog;
      const reads: AccessLogEntry[] = [];
      personalReads.set(context, reads);
      context.accessLog = {
        record: (entry) => {
          reads.push(entry);
          return accessLog.record(entry);
        },
      };
      return { onExecuteDone: ({ result }) => guardsDone.get(context)?.(result) };
    },
  };

  return {
    plugin: {
      onPluginInit({ addPlugin }) {
        addPlugin(guard as Plugin);
        addPlugin(responseCache);
      },
    },
    invalidate,
    get clears() {
      return clears;
    },
    get size() {
      return entries.size;
    },
    get waiting() {
      return waiting;
    },
  };
}

/**
 * `read(request)` once per request: the response cache's session (yoga's `onParams`, before the context exists)
 * and the context share one reading of the bearer token. It is not a second token cache: `VerifiedTokenCache`
 * (bearer-token.ts) keeps tokens that verified, across requests, so a client's next request skips the HMAC; it
 * never holds a refused token. Without this, a refused token would be verified in full twice per request, and
 * the two readers could disagree about a token that expires between them. Both stay.
 */
export function oncePerRequest<T>(read: (request: Request) => Promise<T>): (request: Request) => Promise<T> {
  const results = new WeakMap<Request, Promise<T>>();
  return (request) => {
    let result = results.get(request);
    if (!result) {
      result = read(request);
      results.set(request, result);
    }
    return result;
  };
}
