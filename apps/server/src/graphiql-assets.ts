import { createHash } from 'node:crypto';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * GraphiQL served from this server, not from unpkg.com (call-centre networks often have no internet): the page
 * names `/graphql/graphiql/<hash>/…`, and `useGraphiQLAssets` answers those paths from
 * `@graphql-yoga/render-graphiql`'s bundled copy. The bundle (about 9 MB) is loaded on the first request for it.
 */
export const graphiqlAssetPrefix = '/graphql/graphiql/';

interface Asset {
  body: string;
  type: string;
}

interface GraphiQLAssets {
  /** Content hash of the bundle: part of every asset path, so the assets can be cached for good. */
  hash: string;
  favicon: string;
  files: ReadonlyMap<string, Asset>;
}

let loading: Promise<GraphiQLAssets> | undefined;

function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const javascript = 'text/javascript; charset=utf-8';
    const files = new Map<string, Asset>([
      ['graphiql.js', { body: bundle.js, type: javascript }],
      ['graphiql.css', { body: bundle.css, type: 'text/css; charset=utf-8' }],
      ['editor.worker.js', { body: bundle.editorWorkerService, type: javascript }],
      ['json.worker.js', { body: bundle.jsonWorker, type: javascript }],
      ['graphql.worker.js', { body: bundle.graphqlWorker, type: javascript }],
    ]);
    const hash = createHash('sha256');
    for (const [name, asset] of files) hash.update(name).update(asset.body);
    return { hash: hash.digest('hex').slice(0, 16), favicon: bundle.favicon, files };
  });
  return loading;
}

/** JSON for inside a `<script>`: `<` escaped so no string in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The GraphiQL page (yoga's `renderGraphiQL` option), naming only assets this server serves. */
export async function renderLocalGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { hash, favicon } = await graphiqlAssets();
  const base = `${graphiqlAssetPrefix}${hash}/`;
  const workers = {
    editorWorkerService: `${base}editor.worker.js`,
    json: `${base}json.worker.js`,
    graphql: `${base}graphql.worker.js`,
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(options.favicon ?? favicon)}" />
    <link rel="stylesheet" href="${base}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root">Loading GraphiQL…</div>
    <script>
      const workerUrls = ${scriptJson(workers)};
      const workers = {};
      self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] };
      const prepareWorkers = Promise.all(
        Object.entries(workerUrls).map(async ([label, url]) => {
          const source = await (await fetch(url)).text();
          workers[label] = URL.createObjectURL(new Blob([source], { type: 'application/javascript' }));
        }),
      );
    </script>
    <script src="${base}graphiql.js"></script>
    <script>
      prepareWorkers.finally(() => YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)}));
    </script>
  </body>
</html>
`;
}

/** Answers `GET /graphql/graphiql/<hash>/<file>` with GraphiQL's bundled assets (404 for anything else there). */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(graphiqlAssetPrefix)) return;
      const { hash, files } = await graphiqlAssets();
      const [requestedHash, name, ...rest] = url.pathname.slice(graphiqlAssetPrefix.length).split('/');
      const asset = requestedHash === hash && rest.length === 0 && name ? files.get(name) : undefined;
      if (asset === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(
          new fetchAPI.Response('Not found', {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
          status: 200,
          headers: {
            'content-type': asset.type,
            'cache-control': 'public, max-age=31536000, immutable',
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}

/**
 * What GraphiQL opens with (when nothing is stored from an earlier visit): how to sign in, and a headers editor
 * holding the Authorization header to fill in. An empty Authorization counts as anonymous, so the schema still loads.
 */
export const graphiqlOptions: GraphiQLOptions = {
  title: 'kefu GraphiQL',
  defaultQuery: `# Every call but introspection needs a token.
#
# 1. Run this: the embedded server signs in this
#    machine for development. Elsewhere, print one:
#    npx kefu token --role agent --user li.na --team east
# 2. Under Headers, put the token after Bearer:
#    { "Authorization": "Bearer <token>" }
# 3. Then run your operation, e.g. the README's
#    openComplaint.
mutation SignIn {
  developmentToken(
    role: agent
    userId: "li.na"
    team: "east"
  )
}
`,
  headers: `{\n  "Authorization": ""\n}`,
  defaultEditorToolsVisibility: 'headers',
};
