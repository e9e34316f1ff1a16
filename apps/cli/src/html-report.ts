import type { ItemSummary, SkillEstimate, TraineeSummary, TrainingAttempt } from '@kefu/training-store';

/** Everything `kefu report` shows. */
export interface TrainingReport {
  generatedAt: string;
  filter: { quiz?: string; trainee?: string };
  trainees: TraineeSummary[];
  items: ItemSummary[];
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

/** A self-contained HTML page (no scripts, charts as inline SVG). */
export function renderHtmlReport(report: TrainingReport): string {
  const filter = [
    report.filter.quiz && `quiz ${report.filter.quiz}`,
    report.filter.trainee && `trainee ${report.filter.trainee}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>kefu training report</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td:not(:first-child) { font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>kefu training report</h1>
<p>Generated ${escapeHtml(report.generatedAt)}${filter ? ` — ${escapeHtml(filter)}` : ''}.</p>
<h2>Trainees</h2>
${barChart(
  'Mean score per trainee',
  report.trainees.map((row) => ({ label: row.trainee, value: row.meanScore })),
)}
${table(
  ['Trainee', 'Attempts', 'Finished', 'Passed', 'Mean score', 'Best score', 'Last attempt'],
  report.trainees.map((row) => [
    row.trainee,
    String(row.attempts),
    String(row.finished),
    String(row.passed),
    percentText(row.meanScore),
    percentText(row.bestScore),
    row.lastAttemptAt,
  ]),
)}
<h2>Items</h2>
${barChart(
  'Facility (mean final score) per item',
  report.items.map((row) => ({ label: row.itemId, value: row.meanScore })),
)}
${barChart(
  'First-try pass rate per item',
  report.items.map((row) => ({ label: row.itemId, value: row.firstTryPassRate })),
)}
${table(
  ['Item', 'Type', 'Responses', 'Mean score', 'Pass rate', 'First-try pass rate', 'Mean tries'],
  report.items.map((row) => [
    row.itemId,
    row.itemType,
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
    : `<h2>Skill estimates</h2>\n${table(
        ['Trainee', 'Skill', 'Rating', 'Uncertainty', 'Evidence'],
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
