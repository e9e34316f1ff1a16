import { type CustomerDirectory, renderRevisitSummaryHtml } from '@kefu/revisit';
import type { Runtime } from '@kefu/runtime';
import { revisitSummaryOf } from '@kefu/workflows';
import type { Plugin } from 'graphql-yoga';
import { requestCredentials } from './request-actor.js';

/** Where the revisit summary report downloads as HTML: `GET /reports/revisit-summary?from=…&to=…`. */
export const revisitSummaryPath = '/reports/revisit-summary';

const leadRoles = new Set(['supervisor', 'manager', 'director']);

/**
 * Serves the revisit summary report of a period as a downloadable HTML page to supervisors, managers and
 * directors (bearer token as for the API): 401 without a valid token, 403 for other roles, 400 for a bad period.
 */
export function useRevisitSummaryDownload(options: {
  runtime: Runtime;
  customers: CustomerDirectory;
  secret: Uint8Array;
  now: () => Date;
}): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== revisitSummaryPath) return;
      const text = (status: number, body: string) =>
        endResponse(
          new fetchAPI.Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
        );
      if (request.method !== 'GET') return text(405, 'GET only');
      let actor: Awaited<ReturnType<typeof requestCredentials>>['actor'];
      try {
        actor = (await requestCredentials(request, options.secret)).actor;
      } catch {
        return text(401, 'Sign in first: a valid bearer token is needed');
      }
      if (!actor) return text(401, 'Sign in first: a bearer token is needed');
      if (!leadRoles.has(actor.role))
        return text(403, `Not allowed: a ${actor.role} may not read the revisit summary report`);
      const from = Date.parse(url.searchParams.get('from') ?? '');
      const to = Date.parse(url.searchParams.get('to') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
        return text(400, 'Invalid period: give ISO times from and to, from before to');
      const report = await revisitSummaryOf(options.runtime, options.customers, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        at: options.now().toISOString(),
      });
      endResponse(
        new fetchAPI.Response(renderRevisitSummaryHtml(report), {
          status: 200,
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'content-disposition': `attachment; filename="revisit-summary-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.html"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}
