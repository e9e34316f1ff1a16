import type { Runtime } from '@kefu/runtime';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type AcknowledgeLinks, acknowledgePath, InvalidAcknowledgeLink } from './acknowledge-link.js';
import { toGraphQLError } from './graphql-errors.js';
import { sendWorkflowEvent } from './send-workflow-event.js';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => escapes[character]!);

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1.25rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The link's token is in the path: never send it on as a referrer.
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'x-content-type-options': 'nosniff',
    },
  });
}

function refusal(error: InvalidAcknowledgeLink): Response {
  return page(
    error.reason === 'expired' ? 410 : 400,
    error.reason === 'expired' ? 'Link expired · 链接已过期' : 'Invalid link · 链接无效',
    `<p>${escapeHtml(error.message)}</p><p>Nothing was changed. Open the escalation in kefu to acknowledge it there. 未做任何更改。</p>`,
  );
}

/**
 * Serves acknowledgement links at `/acknowledge/<token>`: `GET` only shows what the link would do and a button
 * (so link scanners in mail gateways acknowledge nothing); `POST` sends the same `escalation.acknowledge` event
 * as the `acknowledgeEscalation` mutation, for the user the link names, with the same authorization. Expired or
 * altered links are refused with a page saying why, and change nothing.
 */
export function useAcknowledgeRoute(options: {
  links: AcknowledgeLinks;
  runtime: Runtime;
  now: () => Date;
}): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith(acknowledgePath)) return;
      const token = url.pathname.slice(acknowledgePath.length);
      if (request.method !== 'GET' && request.method !== 'POST') {
        endResponse(new Response('Method not allowed', { status: 405, headers: { allow: 'GET, POST' } }));
        return;
      }
      const now = options.now();
      let claims: Awaited<ReturnType<AcknowledgeLinks['verify']>>;
      try {
        claims = await options.links.verify(token, now);
      } catch (error) {
        if (!(error instanceof InvalidAcknowledgeLink)) throw error;
        endResponse(refusal(error));
        return;
      }
      const who = `${escapeHtml(claims.actor.userId)} (${escapeHtml(claims.actor.role)})`;
      const what = `escalation <code>${escapeHtml(claims.escalationId)}</code>`;
      if (request.method === 'GET') {
        endResponse(
          page(
            200,
            'Acknowledge escalation · 确认升级',
            `<p>Acknowledge ${what} as ${who}? You take it on; its timeout stops.</p>
<p>以 ${who} 的身份确认此升级事项?</p>
<form method="post"><button type="submit">Acknowledge · 确认</button></form>
<p><small>This link works until ${escapeHtml(claims.expiresAt)}.</small></p>`,
          ),
        );
        return;
      }
      try {
        await sendWorkflowEvent(
          { runtime: options.runtime, actor: claims.actor, now: () => now },
          { id: claims.escalationId, idempotencyKey: `acknowledge-link:${claims.linkId}` },
          'escalation.acknowledge',
          { note: 'Acknowledged through a link' },
        );
      } catch (error) {
        const mapped = toGraphQLError(error);
        if (!(mapped instanceof GraphQLError)) throw error;
        const code = String(mapped.extensions?.code ?? 'ERROR');
        endResponse(
          page(
            code === 'FORBIDDEN' ? 403 : code === 'WORKFLOW_NOT_FOUND' ? 404 : 409,
            'Not acknowledged · 未确认',
            `<p>${escapeHtml(mapped.message)}</p><p>Nothing was changed. 未做任何更改。</p>`,
          ),
        );
        return;
      }
      endResponse(page(200, 'Acknowledged · 已确认', `<p>${who} acknowledged ${what}. 已确认。</p>`));
    },
  };
}
