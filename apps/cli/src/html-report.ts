import type { ItemSummary, SkillEstimate, TraineeSummary, TrainingAttempt } from '@kefu/training-store';
import { formatInstant, type ReportLocale, reportMessages } from './report-messages.js';

/** An item's results with the title it is shown by. */
export interface ReportItem extends ItemSummary {
  /** The item's `title`, or the start of its prompt when it has none; the id when the bank no longer has the item. */
  title: string;
}

/** Everything `kefu report` shows. */
export interface TrainingReport {
  generatedAt: string;
  filter: { quiz?: string; trainee?: string };
  trainees: TraineeSummary[];
  items: ReportItem[];
  skills: SkillEstimate[];
  recentAttempts: TrainingAttempt[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.codePointAt(0)};`);
}

function percentText(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A horizontal bar chart (values 0..1) as inline SVG, with an optional reference line (a pass mark). */
export function barChart(
  title: string,
  bars: readonly { label: string; value: number | null }[],
  reference?: number,
): string {
  const rowHeight = 24;
  const labelWidth = 200;
  const chartWidth = 420;
  const height = bars.length * rowHeight + 40;
  const rows = bars
    .map((bar, index) => {
      const y = 30 + index * rowHeight;
      const width = Math.max(0, Math.min(1, bar.value ?? 0)) * chartWidth;
      const colour =
        bar.value !== null && reference !== undefined && bar.value < reference ? '#d9534f' : '#3b82f6';
      return [
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${rowHeight - 8}" fill="${colour}"><title>${escapeHtml(bar.label)}: ${percentText(bar.value)}</title></rect>`,
        `<text x="${labelWidth + width + 4}" y="${y + 15}" font-size="11" fill="#444">${percentText(bar.value)}</text>`,
      ].join('');
    })
    .join('\n');
  const line =
    reference === undefined
      ? ''
      : `<line x1="${labelWidth + reference * chartWidth}" x2="${labelWidth + reference * chartWidth}" y1="24" y2="${height - 6}" stroke="#111" stroke-dasharray="4 3"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${labelWidth + chartWidth + 60}" height="${height}">
<text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>
${rows}
${line}
</svg>`;
}

function table(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A chart label: at most `width` characters. */
function shortLabel(text: string, width = 14): string {
  const characters = [...text];
  return characters.length > width ? `${characters.slice(0, width - 1).join('')}…` : text;
}

/**
 * A self-contained HTML page (no scripts, charts as inline SVG) in the locale's language, its times
 * in the locale's time zone, its items by title.
 */
export function renderHtmlReport(report: TrainingReport, locale: ReportLocale): string {
  const messages = reportMessages(locale.language);
  const filter = [
    report.filter.quiz && messages.filterQuiz(report.filter.quiz),
    report.filter.trainee && messages.filterTrainee(report.filter.trainee),
  ]
    .filter(Boolean)
    .join(', ');
  return `<!doctype html>
<html lang="${locale.language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(messages.title)}</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${escapeHtml(messages.title)}</h1>
<p>${escapeHtml(messages.generated(formatInstant(report.generatedAt, locale), locale.timeZone, filter))}</p>
<h2>${escapeHtml(messages.trainees)}</h2>
${barChart(
  messages.meanScorePerTrainee,
  report.trainees.map((row) => ({ label: row.trainee, value: row.meanScore })),
)}
${table(
  messages.traineeHeaders,
  report.trainees.map((row) => [
    row.trainee,
    String(row.attempts),
    String(row.finished),
    String(row.passed),
    percentText(row.meanScore),
    percentText(row.bestScore),
    formatInstant(row.lastAttemptAt, locale),
  ]),
)}
<h2>${escapeHtml(messages.items)}</h2>
${barChart(
  messages.facilityPerItem,
  report.items.map((row) => ({ label: shortLabel(row.title), value: row.meanScore })),
)}
${barChart(
  messages.firstTryPassRatePerItem,
  report.items.map((row) => ({ label: shortLabel(row.title), value: row.firstTryPassRate })),
)}
${table(
  [messages.itemHeaders[0] as string, 'id', ...messages.itemHeaders.slice(1)],
  report.items.map((row) => [
    row.title,
    row.itemId,
    messages.itemType(row.itemType),
    String(row.responses),
    percentText(row.meanScore),
    percentText(row.passRate),
    percentText(row.firstTryPassRate),
    row.meanTries.toFixed(2),
  ]),
)}
${
  report.skills.length === 0
    ? ''
    : `<h2>${escapeHtml(messages.skills)}</h2>\n${table(
        messages.skillHeaders,
        report.skills.map((row) => [
          row.trainee,
          row.skill,
          row.rating.toFixed(0),
          row.uncertainty === null ? '–' : row.uncertainty.toFixed(0),
          String(row.evidence),
        ]),
      )}`
}
</body>
</html>
`;
}
