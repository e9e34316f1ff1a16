import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBank, loadStandardBank } from '@kefu/quiz-bank';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKefu } from './test-support/run-kefu.js';

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
const pages = ['training.md', 'cli.md'] as const;

interface Block {
  info: string;
  body: string;
}

/** The fenced code blocks of a Markdown page with their info strings (```yaml file=my-bank/items/phone.yaml). */
function fencedBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    info: (match[1] as string).trim(),
    body: match[2] as string,
  }));
}

/** The `kefu` command lines of a page's `sh` blocks, comments removed. */
function commandLines(markdown: string): string[] {
  return fencedBlocks(markdown)
    .filter((block) => block.info === 'sh')
    .flatMap((block) => block.body.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => /^(npx )?kefu\b/.test(line));
}

/**
 * Commands the test does not run, each with its reason. `quiz run` waits for a trainee at a
 * terminal; quiz-run-command.test.ts drives it through its input.
 */
const notRunHere = new Map([
  ['npx kefu quiz run phone-etiquette --trainee li.na', 'interactive'],
  ['kefu quiz run phone-etiquette --trainee li.na', 'interactive'],
]);

const workspace = mkdtempSync(join(tmpdir(), 'kefu-docs-'));

beforeAll(() => {
  // the pages' named blocks are the files their commands read; blocks naming one file are concatenated
  const files = new Map<string, string>();
  for (const page of pages) {
    for (const block of fencedBlocks(readFileSync(join(docs, page), 'utf8'))) {
      const file = /\bfile=(\S+)/.exec(block.info)?.[1];
      if (file) files.set(file, (files.get(file) ?? '') + block.body);
    }
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(join(workspace, file)), { recursive: true });
    writeFileSync(join(workspace, file), text);
  }
});

describe('the example commands of docs/training.md and docs/cli.md', () => {
  const commands = pages.flatMap((page) =>
    commandLines(readFileSync(join(docs, page), 'utf8')).map((line) => ({ page, line })),
  );

  it('finds the grading, rule-test and report examples when it reads the pages', () => {
    const lines = commands.map((command) => command.line);
    expect(lines).toContain('kefu quiz grade --answers answers.jsonl --json > grades.jsonl');
    expect(lines).toContain('kefu quiz test-rules labels.jsonl --min-kappa 0.9');
    expect(lines).toContain('kefu report --quiz phone-etiquette --html report.html');
    for (const skipped of notRunHere.keys()) expect(lines).toContain(skipped);
  });

  for (const { page, line } of commands) {
    if (notRunHere.has(line)) continue;
    it(`exits 0 when ${page}'s example "${line}" runs`, { timeout: 60_000 }, async () => {
      const [command, redirect] = line.split(/\s+>\s+/) as [string, string | undefined];
      const args = command
        .replace(/^(npx )?kefu\s*/, '')
        .split(/\s+/)
        .filter(Boolean);
      // As a reader runs them: in the workspace, with no data directory named (`.kefu/data` there is the default).
      const run = await runKefu(args, { cwd: workspace, env: { KEFU_LANG: '', KEFU_TIME_ZONE: '' } });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      if (redirect) writeFileSync(join(workspace, redirect), run.stdout);
    });
  }

  it('shows the standard bank’s own options and answers when an example item has a standard id', () => {
    const standard = loadStandardBank();
    const examples = loadBank(join(workspace, 'my-bank'));
    const shared = examples.items.filter((item) => standard.item(item.id) !== undefined);
    expect(shared.map((item) => item.id)).toContain('revisit.flow-order');
    const shape = (item: unknown) => {
      const { type, options, stems, choices, answer } = item as {
        type: string;
        options?: { id: string }[];
        stems?: { id: string }[];
        choices?: { id: string }[];
        answer?: unknown;
      };
      return {
        type,
        options: options?.map((option) => option.id),
        stems: stems?.map((stem) => stem.id),
        choices: choices?.map((choice) => choice.id),
        answer: type === 'script' ? undefined : answer,
      };
    };
    for (const item of shared.filter((entry) => entry.type !== 'script'))
      expect(shape(item), item.id).toEqual(shape(standard.item(item.id)));
  });
});
