/**
 * The "why, and what would close it" for each goal, with this run's figures. The causes come from profiling
 * (`node --cpu-prof` of the benchmark loops) and `EXPLAIN ANALYZE` of the server's SQL on 100,000 complaints;
 * they are re-checked by hand when the code changes, the figures are filled in by each run.
 */
import type { BenchRow, BenchSection } from './bench-report.js';

function find(rows: BenchRow[], start: string): BenchRow | undefined {
  return rows.find((row) => row.name.startsWith(start));
}

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
const number = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : value >= 10 ? 1 : 2 });

export function goalAnalysis(sections: BenchSection[]): string {
  const rows = sections.flatMap((section) => section.rows);
  const parts: string[] = ['## Goals: why, and what would close the gaps', ''];

  const durable = find(rows, 'PostgreSQL: runtime.send, 8 clients');
  const withRead = find(rows, 'PostgreSQL: ceiling incl. a row read, 8 clients');
  if (durable?.ratio !== undefined) {
    parts.push(
      `**Durable transitions, 8 clients: ${percent(durable.ratio)} of the database's ceiling (goal 60%)${durable.met ? ' — met.' : `, short by ${((0.6 - durable.ratio) * 100).toFixed(0)} points.`}** ` +
        `A \`runtime.send\` costs the database more than the ceiling's one statement: it reads the row first (one round trip), writes (one), and — with the default \`awaitDelivery: true\` — waits for the outbox run, which claims and marks the rows (two more statements, shared by the sends that commit meanwhile). ` +
        `A CPU profile of 8 clients shows the Node process ~45% idle at about 1.7 ms of CPU per send (restore, validate, hash, seal), so the round trips and the database's work, not JavaScript, set the rate. ` +
        (withRead?.ratio !== undefined
          ? `The same writes preceded by one row read already fall to ${percent(withRead.ratio)} of the ceiling in this run: that is the best a read-then-write design reaches. `
          : '') +
        'What would close it: (1) keep the last snapshot, version and hash of recently used workflows in process and skip the read — the write already checks the version, so a stale cache only costs a retry; (2) return after commit and deliver the outbox in the background (`awaitDelivery: false` for API calls, which then read their own writes from the returned result), or mark rows delivered in one statement per batch from the scheduler; (3) fold the idempotency-key lookup into the write (`on conflict do nothing` on the log insert) so no send needs a read at all.',
      '',
    );
  }

  const mutation = find(rows, 'mutation assignComplaint');
  if (mutation?.ratio !== undefined) {
    parts.push(
      `**GraphQL mutation: ${percent(mutation.ratio)} of the runtime's own throughput for the same event on the same rows (goal 50%)${mutation.met ? ' — met.' : ', missed.'}** ` +
        'A CPU profile of the server under this load (`node --cpu-prof apps/server/dist/main.js`, 8 connections, 100,000 complaints) shows it ~24% idle; of the busy time the biggest items are socket writes (~15%: the protocol messages of the four statements of each send, and the HTTP response), verifying the bearer token’s HMAC through WebCrypto on every request (~10%, `jose` → `webcrypto.verify`; profiled before the verified-token cache, which removes it), sealing personal data (`transformPaths`, ~5%) and GC (~5%); GraphQL parsing, validation and execution each stay under 4%. And each complaint mutation reads the workflow once more before sending: `sendComplaintAction` calls `assertCanActOn` (apps/server/src/authorization.ts), which loads the whole row with `runtime.find` (snapshot JSONB, personal data decrypted) to check the team, and then `runtime.send` loads it again — an extra round trip and decrypt per request, even for managers and directors, who may act on every complaint. ' +
        'What would close it: skip that lookup for roles that see everything and select only `team, assignee` for the others (or let `runtime.send` take an authorization check that runs on the row it already loads); and every saving in the runtime’s own round trips (above) carries over to the mutation.',
      '',
    );
  }

  const queue = find(rows, 'complaints queue (first 20 open, totalCount), p99 at 200');
  const dashboard = find(rows, 'dashboard (every panel, 30 days), p99 at 200');
  const page = find(rows, 'SQL: first page of open complaints');
  const count = find(rows, 'SQL: count of open complaints');
  const panels = rows
    .filter((row) => row.name.startsWith('dashboard panel '))
    .sort((a, b) => b.value - a.value);
  if (queue || dashboard) {
    const describe = (label: string, name: string) => {
      const single = find(rows, `${name}, one request at a time`);
      const max = find(rows, `${name}, max`);
      return `${label}: ${single ? `${number(single.value)} ms for one request alone` : ''}${max ? `, at most ${number(max.value)} requests/s` : ''}`;
    };
    parts.push(
      `**Dashboard queries at 200 requests/s with 100,000 complaints (goal p99 < 50 ms)${queue?.met && dashboard?.met ? ' — met.' : ' — missed by far.'}** ` +
        `${describe('The complaints queue', 'complaints queue (first 20 open, totalCount)')}; ${describe('the dashboard panels', 'dashboard (every panel, 30 days)')}. ` +
        'Where the time goes:',
      '',
      page?.ratio !== undefined && page.ratio > 0.5
        ? `- The complaints page's SQL uses its index (${number(page.value)} ms in this run).`
        : `- The complaints page orders by \`opened_at desc nulls last, id\`; the index \`workflows_kind_opened\` is \`(kind, opened_at desc, id)\`, i.e. NULLS FIRST, so PostgreSQL cannot use it and sorts every matching row (sequential scan + top-N sort${page ? `: ${number(page.value)} ms in this run` : ''}). Ordered as the index is (\`opened_at desc, id\`), the same page takes ${page?.baseline ? `${number(page.baseline.value)} ms` : 'well under a millisecond'}. Fix: an index \`(kind, opened_at desc nulls last, id)\` (and likewise for the other sort columns), or no \`nullsLast()\` for \`opened_at\`, which complaints always have.`,
      `- \`totalCount\` reads the per-state and per-team counters (\`complaint_counts\`, kept with each transition)${count ? `; the SQL count it replaced takes ${number(count.value)} ms in this run` : ''}; filtered counts stop at 1,000 (\`totalCountCapped\`).`,
      `- The \`dashboard\` field runs one statement per panel over the complaint projections (an index range of the window in \`complaint_facts\`, \`complaint_resolutions\`, \`complaint_revisits\`), and the server shares each result per (panel, window, team) for up to 2 s after a change. Each panel alone in this run (the first request computes it; repeats may be served from that cache): ${panels.map((row) => `${row.name.replace('dashboard panel ', '').replace(', one request', '')} ${number(row.value)} ms`).join(', ')}. The section *Dashboard growth* shows the cost at 10k, 100k and 1M complaints. What remains: per-hour rollups per team and category so the count panels read ~720 rows per 30 days instead of every complaint of the window, and the queue page's CPU in the server (token, GraphQL, 20 snapshots opened).`,
      '',
    );
  }

  const lateness = find(rows, 'timer lateness p99');
  if (lateness) {
    parts.push(
      `**Timer lateness p99: ${number(lateness.value)} ms (goal < 100 ms)${lateness.met ? ' — met' : ` — missed by ${number(lateness.value - 100)} ms`}.** ` +
        'Lateness here is the time from `due_at` to the moment the scheduler reports the event applied (after its commit). After each run the scheduler sleeps until the earliest pending `due_at` its run had not reached (at most the 1,000 ms interval after the run began) — so a wake-up that Node delivers a millisecond early costs one empty run, not a poll interval — and a commit in the same process that writes a nearer deadline wakes it. The polling runs deliver the outbox (and run the reactions it triggers) beside the next run rather than before it. What remains is the run itself: timers fire in batches of 20 per transaction, each through a full restore + send + write (the run time is in the row above). ' +
        (lateness.met
          ? 'On a loaded machine the tail comes from runs that fire many timers at once; firing a batch’s timers concurrently (they are independent rows claimed with SKIP LOCKED) would shorten it.'
          : 'What would close the rest: fire a batch’s timers concurrently (independent rows, claimed with SKIP LOCKED) or in smaller batches so early timers commit sooner, and, across instances, `LISTEN/NOTIFY` so a deadline written by another instance also wakes the scheduler.'),
      '',
    );
  }

  const grading = find(rows, 'script answers graded');
  if (grading) {
    parts.push(
      `**Script grading: ${number(grading.value)} answers per CPU-second on one core (goal ≥ 20,000)${grading.met ? ' — met' : ` — missed by ${number(20_000 - grading.value)}`}.** ` +
        'A CPU profile of the grading loop spreads the time over concept search (about half: exact, same-pinyin and edit passes over every phrasing, with per-answer caches on pieces shared between phrasings), normalisation (~15%), the order re-checks, house rules and stage directions (~8% each) and the GC (~7%); no single hot spot. The rate falls steeply with machine load (a large working set), far more than the tiny substring baseline. ' +
        (grading.met
          ? 'Headroom on a loaded machine is thin; normalising each answer once per item set and skipping the edit search when the exact pass already found every concept would widen it.'
          : 'What would close it: run the edit and same-pinyin passes only for concepts the exact pass did not find, normalise each answer once and reuse it across items, and allocate fewer evidence objects.'),
      '',
    );
  }
  return parts.join('\n');
}
