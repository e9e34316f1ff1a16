import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { type CustomerStore, createCustomerStore } from '@kefu/customer-store';
import { createNotificationCenter, type NotificationCenter } from '@kefu/notify-store';
import { createRosterBook, createRosterStore, type RosterBook } from '@kefu/roster';
import type { Runtime } from '@kefu/runtime';
import { recordRevisitsOnTimeline } from '@kefu/workflows';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createAccessLog } from './access-log.js';
import { type AcknowledgeLinks, createAcknowledgeLinks } from './acknowledge-link.js';
import { useAcknowledgeRoute } from './acknowledge-route.js';
import { type ChangeFeed, createChangeFeed } from './change-feed.js';
import type { KefuContext } from './context.js';
import { type CustomerTimelineConnection, connectCustomerTimeline } from './customer-timeline.js';
import { createDashboardCache, type DashboardCache } from './dashboard-cache.js';
import { useDashboardCostLimit } from './dashboard-cost.js';
import { corsOriginsSchema } from './env.js';
import { graphiqlOptions, renderLocalGraphiQL, useGraphiQLAssets } from './graphiql-assets.js';
import { useStorableText } from './input-text-check.js';
import { loadJwtSecret } from './jwt-secret.js';
import { migrateKefu } from './kefu-migrations.js';
import { createLiveEvents, type LiveEvents, publishRuntimeCommits } from './live-events.js';
import { requestCredentials } from './request-actor.js';
import { useCsrfPrevention, useMaxTokens, useRequestSizeLimit } from './request-limits.js';
import { corsFor, isDevelopmentTokenRequest } from './request-origin.js';
import {
  createResponseCache,
  type KefuResponseCache,
  oncePerRequest,
  type ResponseCacheOptions,
} from './response-cache.js';
import { useRevisitSummaryDownload } from './revisit-summary-download.js';
import { schema } from './schema/index.js';
import { useSubscriptionExpiry } from './subscription-expiry.js';

export interface KefuLimits {
  /** Deepest selection nesting (default 15). */
  maxDepth?: number;
  /** Aliases in one operation (default 30). */
  maxAliases?: number;
  /** graphql-armor cost (default 20 000). */
  maxCost?: number;
  /** Tokens in one document (default 5 000). */
  maxTokens?: number;
  /** Directives in one operation (default 50). */
  maxDirectives?: number;
  /** Request body bytes (default 1 MiB): larger bodies get 413 before parsing. */
  maxBodyBytes?: number;
  /** Dashboard cost of one operation (default 200): each panel costs 10, see `dashboardFieldCosts`. */
  maxDashboardCost?: number;
  /** Statement timeout of each dashboard panel's query in milliseconds (default 5 000; PostgreSQL only). */
  dashboardStatementTimeoutMs?: number;
}

export interface KefuYogaOptions {
  runtime: Runtime;
  /**
   * Customer records (default: `createCustomerStore({ store: runtime.store })`). Create it before the runtime and
   * pass `customers.subjectKeys` to `createRuntime` so each customer's data in complaints has the customer's key.
   */
  customers?: CustomerStore;
  /** The clock that stamps events sent through the API and ends subscriptions at their token's expiry (default: the system clock). */
  now?: () => Date;
  /**
   * Dashboard results cached per (panel, window, team) and recomputed at most once per interval after a change
   * (default: `createDashboardCache()` on the server's clock; false: every request computes). The server's change
   * feed reaches it. One of your own must read the server's `now` (`now: () => now().getTime()`).
   */
  dashboardCache?: DashboardCache | false;
  /**
   * Whole responses of the queue page and the dashboards cached per verified actor for `ttlMs` (default 2,000 ms),
   * dropped once per change and by mutations, never kept past a stale dashboard result they were built from
   * (default on; false: every request executes). See `createResponseCache` and docs/api.md.
   */
  responseCache?: ResponseCacheOptions | false;
  /** The key bearer tokens are verified with (default: `loadJwtSecret()`: KEFU_JWT_SECRET or .kefu/jwt-secret). */
  jwtSecret?: Uint8Array;
  /** Serve GraphiQL at /graphql, its assets from this server under /graphql/graphiql/ (default true). */
  graphiql?: boolean;
  /**
   * Where subscriptions listen (default: over `runtime.pubSub.eventTarget`, where the runtime's outbox publishes
   * `workflow.changed` and `workflow.emitted` — in-process, or Redis when the runtime was given a Redis pub/sub).
   */
  live?: LiveEvents;
  /**
   * Also publish this process's commits to `live` from `runtime.onCommit` (default false: the outbox does it).
   * For runtimes without an outbox publisher only, or every message arrives twice.
   */
  publishCommits?: boolean;
  limits?: KefuLimits;
  /** How often `deadlineApproaching` re-scans (default 30 s). */
  deadlineScanIntervalMs?: number;
  /**
   * Issue development tokens through the `developmentToken` mutation, for the dashboard's role picker
   * (default false; `startServer` turns it on for the embedded database unless KEFU_DEVELOPMENT_TOKENS=false).
   */
  developmentTokens?: boolean;
  /**
   * Origins whose pages may call the API from a browser (CORS with credentials). Default: `KEFU_CORS_ORIGINS`,
   * which is empty — same origin only.
   */
  corsOrigins?: readonly string[];
  /**
   * The teams' rosters (default: a book over `runtime.store`, loaded on the first request). Pass the same book the
   * runtime's escalation workflow asks (`createDefaultWorkflows({ escalationSituation: book.ladderSituation })`).
   */
  roster?: RosterBook;
  /** Where people reach this server, for acknowledgement links in emails (default `http://localhost:4000`). */
  publicUrl?: string;
  /** How long an acknowledgement link stays valid (default 24 hours). */
  acknowledgeLinkValidForMs?: number;
  /** The acknowledgement links the notifications embed (default: made from `jwtSecret`, `publicUrl` and `roster`). */
  acknowledgeLinks?: AcknowledgeLinks;
  /**
   * Notification rules, endpoints, delivery and inboxes (`createServerNotifications`, which also feeds it from the
   * outbox). Default: a center over the runtime's store that nothing feeds, nobody on duty, email off.
   */
  notifications?: NotificationCenter;
}

export type KefuYoga = YogaServerInstance<Record<string, never>, KefuContext> & {
  /** The pub/sub the subscriptions listen on. */
  live: LiveEvents;
  customers: CustomerStore;
  /** Writes complaint breaches, escalations, closings, crisis links and contacts to customers' timelines. */
  customerTimeline: CustomerTimelineConnection;
  roster: RosterBook;
  /** Signs acknowledgement links (`acknowledgeLinks.link`) and checks them; the server answers them at /acknowledge/. */
  acknowledgeLinks: AcknowledgeLinks;
  /** The whole-response cache (undefined when `responseCache: false`). */
  responseCache: KefuResponseCache | undefined;
  /** Every change the caches hear of, each once: this process's commits and the pub/sub's change events. */
  changes: ChangeFeed;
};

/**
 * Development tokens go only to this machine: the Node adapter hands the socket's request as `req`
 * (absent for `yoga.fetch` in tests, which is in-process by definition). The Host and Origin are checked
 * besides (`isDevelopmentTokenRequest`): a page elsewhere, or a DNS-rebound name, is refused.
 */
function fromThisMachine(initialContext: object): boolean {
  const remote = (initialContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket
    ?.remoteAddress;
  return remote === undefined || remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
}

/** graphql-armor reports a refusal as a validation error (so nothing executes) instead of throwing mid-validation. */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

const noop = () => undefined;

/** The kefu GraphQL server as a fetch handler: `yoga.fetch(request)` in tests, `createServer(yoga)` in main. */
export function createKefuYoga(options: KefuYogaOptions): KefuYoga {
  const now = options.now ?? (() => new Date());
  const secret = options.jwtSecret ?? loadJwtSecret();
  const runtime = options.runtime;
  const live = options.live ?? createLiveEvents({ eventTarget: runtime.pubSub.eventTarget });
  const limits = options.limits ?? {};
  const deadlineScanIntervalMs = options.deadlineScanIntervalMs ?? 30_000;
  const corsOrigins = options.corsOrigins ?? corsOriginsSchema.parse(process.env.KEFU_CORS_ORIGINS);
  const dashboardStatementTimeoutMs = limits.dashboardStatementTimeoutMs ?? 5_000;
  let unsubscribe: (() => void) | undefined;
  if (options.publishCommits === true) unsubscribe = publishRuntimeCommits(runtime, live);
  const customers = options.customers ?? createCustomerStore({ store: runtime.store });
  const customerTimeline = connectCustomerTimeline(runtime, customers);
  const dashboardCache =
    options.dashboardCache === false
      ? undefined
      : (options.dashboardCache ?? createDashboardCache({ now: () => now().getTime() }));
  const credentials = oncePerRequest((request) => requestCredentials(request, secret));
  const responseCache =
    options.responseCache === false
      ? undefined
      : createResponseCache({ credentials, now, schema, db: runtime.store.db }, options.responseCache);
  // One source of changes for both caches: this process's commits at once (before a mutation's response
  // returns), other processes' through the pub/sub, each change once.
  const changes = createChangeFeed({ runtime, live });
  const stopCaches = changes.subscribe(() => {
    dashboardCache?.changed();
    responseCache?.invalidate();
  });
  // Recorded revisits go onto the customer's timeline (grading and the warnings read them).
  const stopRevisitTimeline = recordRevisitsOnTimeline(runtime, customers);
  let ready: Promise<unknown> | undefined;
  const roster = options.roster ?? createRosterBook(createRosterStore(runtime.store));
  const acknowledgeLinks =
    options.acknowledgeLinks ??
    createAcknowledgeLinks({
      secret,
      publicUrl: options.publicUrl ?? 'http://localhost:4000',
      runtime,
      roster,
      ...(options.acknowledgeLinkValidForMs ? { validForMs: options.acknowledgeLinkValidForMs } : {}),
    });
  const notifications =
    options.notifications ??
    createNotificationCenter({
      store: runtime.store,
      directory: roster.directory,
      acknowledgeLink: acknowledgeLinks.linkIfAllowed,
      pubSub: runtime.pubSub,
      now,
    });
  const armor = EnvelopArmorPlugin({
    // Reported as validation errors (400 for application/graphql-response+json), every limit at once.
    maxDepth: { n: limits.maxDepth ?? 15, ignoreIntrospection: true, ...reportAsValidationError },
    maxAliases: { n: limits.maxAliases ?? 30, ...reportAsValidationError },
    costLimit: { maxCost: limits.maxCost ?? 20_000, ignoreIntrospection: true, ...reportAsValidationError },
    // Tokens are counted by graphql-js' own parser (useMaxTokens below).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives ?? 50, ...reportAsValidationError },
    blockFieldSuggestion: { enabled: true },
  });
  const yoga = createYoga<Record<string, never>, KefuContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: (options.graphiql ?? true) && graphiqlOptions,
    renderGraphiQL: renderLocalGraphiQL,
    landingPage: false,
    // Same origin only, unless the Origin is allow-listed (KEFU_CORS_ORIGINS).
    cors: corsFor(corsOrigins),
    plugins: [
      useAcknowledgeRoute({ links: acknowledgeLinks, runtime, now }),
      useGraphiQLAssets(),
      useRequestSizeLimit(limits.maxBodyBytes ?? 1024 * 1024),
      useCsrfPrevention(),
      useMaxTokens(limits.maxTokens ?? 5_000),
      armor,
      useDashboardCostLimit(limits.maxDashboardCost ?? 200),
      useStorableText(),
      useSubscriptionExpiry(),
      useRevisitSummaryDownload({ runtime, customers, secret, now }),
      ...(responseCache ? [responseCache.plugin] : []),
      {
        onDispose: () => {
          unsubscribe?.();
          stopCaches();
          changes.close();
        },
      },
      { onDispose: () => customerTimeline.stop() },
      { onDispose: () => stopRevisitTimeline() },
      // Migrations a first request started finish before the caller closes the store behind them.
      { onDispose: () => ready?.then(noop, noop) },
    ],
    context: async (initialContext) => {
      const { request, params } = initialContext;
      // Every table the server uses, from the one list (`kefuMigrations`: nothing to do after `startServer` or
      // `kefu db migrate`), then the runtime, the customers' keys and the rosters.
      ready ??= migrateKefu(runtime.store.db)
        .then(() =>
          Promise.all([runtime.ready(), customers.ready(), options.roster ? undefined : roster.refresh()]),
        )
        .catch((error: unknown) => {
          ready = undefined;
          throw error;
        });
      await ready;
      const { actor, expiresAt } = await credentials(request);
      const operationName = params?.operationName ?? null;
      return {
        runtime,
        customers,
        actor,
        now,
        live,
        operationName,
        deadlineScanIntervalMs,
        developmentTokenSecret:
          options.developmentTokens === true &&
          fromThisMachine(initialContext) &&
          isDevelopmentTokenRequest(request)
            ? secret
            : null,
        tokenExpiresAt: expiresAt,
        dashboardStatementTimeoutMs,
        dashboardCache,
        roster,
        accessLog: createAccessLog(runtime.store.db, actor, now, () => operationName),
        notifications,
      };
    },
  });
  return Object.assign(yoga, {
    live,
    customers,
    customerTimeline,
    roster,
    acknowledgeLinks,
    responseCache,
    changes,
  });
}
