import { cpus, totalmem } from 'node:os';

/** One measured figure, optionally against a baseline measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value (or baseline.value / value for "lower is better" units) */
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
  /** A short label for charts (rows without one are left out of the charts). */
  label?: string;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes: string[];
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;
}

export function sectionToMarkdown(section: BenchSection): string {
  const lines = [
    `## ${section.title}`,
    '',
    '| measure | value | baseline (same run) | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of section.rows) {
    const baseline = row.baseline ? `${row.baseline.name}: ${format(row.baseline.value, row.unit)}` : '—';
    const ratio = row.ratio === undefined ? '—' : `${(row.ratio * 100).toFixed(0)}%`;
    const goal = row.goal ? `${row.goal} ${row.met === undefined ? '' : row.met ? '✅' : '❌'}` : '—';
    lines.push(
      `| ${row.name}${row.note ? ` (${row.note})` : ''} | ${format(row.value, row.unit)} | ${baseline} | ${ratio} | ${goal} |`,
    );
  }
  if (section.notes.length) lines.push('', ...section.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

/** A horizontal bar chart as Mermaid `xychart-beta`, for ratios. */
export function ratioChart(title: string, rows: BenchRow[]): string {
  const withRatio = rows.filter((row) => row.ratio !== undefined && row.label !== undefined);
  if (!withRatio.length) return '';
  const labels = withRatio.map((row) => `"${row.label!.replace(/"/g, "'")}"`).join(', ');
  const values = withRatio.map((row) => Math.round(row.ratio! * 100)).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels}]`,
    '  y-axis "% of baseline"',
    `  bar [${values}]`,
    '```',
  ].join('\n');
}

/** Two series as Mermaid `xychart-beta`: bars for the baseline, a line for kefu, by label. */
export function comparisonChart(title: string, unit: string, rows: BenchRow[]): string {
  const shown = rows.filter((row) => row.baseline !== undefined && row.label !== undefined);
  if (!shown.length) return '';
  const labels = shown.map((row) => `"${row.label!.replace(/"/g, "'")}"`).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels}]`,
    `  y-axis "${unit}"`,
    `  bar [${shown.map((row) => Math.round(row.baseline!.value)).join(', ')}]`,
    `  line [${shown.map((row) => Math.round(row.value)).join(', ')}]`,
    '```',
  ].join('\n');
}
