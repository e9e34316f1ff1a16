import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStandardBank } from '@kefu/quiz-bank';
import { listAutomaticBackups, openStore } from '@kefu/runtime';
import { gradeItem, type Item, type ItemResponse } from '@kefu/scoring';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishFirstOwnerAnswerC } from '../test-support/publish-item-version.js';
import { runKefu } from '../test-support/run-kefu.js';

const bank = loadStandardBank();
const directory = mkdtempSync(join(tmpdir(), 'kefu-grade-'));

/** The model answer of an item, as a response the engine grades. */
function modelResponse(item: Item): ItemResponse {
  switch (item.type) {
    case 'script':
      return { type: 'script', answer: item.modelAnswer };
    case 'single-choice':
      return { type: 'single-choice', choice: item.answer };
    case 'multiple-choice':
      return { type: 'multiple-choice', choices: [...item.answer] };
    case 'ordering':
      return { type: 'ordering', order: [...(item.answer ?? item.options.map((option) => option.id))] };
    case 'matching':
      return { type: 'matching', pairs: { ...item.answer } };
  }
}

/** Variant `n` of an item's answer: the model answer, or one of several ways of getting it wrong. */
function variant(item: Item, n: number): ItemResponse {
  const model = modelResponse(item);
  switch (model.type) {
    case 'script': {
      const text = model.answer;
      const forms = [
        text,
        text.slice(0, Math.ceil(text.length / 2)),
        `喂,${text}`,
        text.replaceAll('您', '你'),
        `${text}好吗?`,
        text.slice(Math.floor(text.length / 3)),
        '',
      ];
      return { type: 'script', answer: forms[n % forms.length] as string };
    }
    case 'single-choice': {
      const options = (item as { options: { id: string }[] }).options;
      return {
        type: 'single-choice',
        choice: n % 3 === 0 ? null : (options[n % options.length]?.id ?? null),
      };
    }
    case 'multiple-choice': {
      const options = (item as { options: { id: string }[] }).options;
      return {
        type: 'multiple-choice',
        choices: options.filter((_, index) => (n >> index) % 2 === 1).map((option) => option.id),
      };
    }
    case 'ordering': {
      const order = [...model.order];
      for (let index = 0; index < n % order.length; index++) order.push(order.shift() as string);
      if (n % 5 === 0) order.reverse();
      return { type: 'ordering', order };
    }
    case 'matching': {
      const choices = (item as { choices: { id: string }[] }).choices.map((choice) => choice.id);
      const pairs = Object.fromEntries(
        Object.keys(model.pairs).map((stem, index) => [
          stem,
          n % 2 === 0 ? (model.pairs[stem] as string) : (choices[(index + n) % choices.length] as string),
        ]),
      );
      return { type: 'matching', pairs };
    }
  }
}

/** The JSONL form a trainer writes: strings and lists of ids; every fifth line uses the full response object. */
function jsonlAnswer(response: ItemResponse, n: number): unknown {
  if (n % 5 === 4) return response;
  switch (response.type) {
    case 'script':
      return response.answer;
    case 'single-choice':
      return response.choice ?? '';
    case 'multiple-choice':
      return response.choices;
    case 'ordering':
      return response.order;
    case 'matching':
      return response.pairs;
  }
}

describe('kefu quiz grade', () => {
  let modelFile: string;
  beforeAll(() => {
    modelFile = join(directory, 'model-answers.jsonl');
    writeFileSync(
      modelFile,
      bank.items
        .map((item, index) =>
          JSON.stringify({
            id: `m${index}`,
            item: item.id,
            answer: jsonlAnswer(modelResponse(item), index),
            note: 'extra fields are ignored',
          }),
        )
        .join('\n'),
    );
  });

  it('scores every standard item 1.0 when given its model answer', async () => {
    const run = await runKefu(['quiz', 'grade', '--answers', modelFile, '--json']);
    expect(run.code).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { item: string; score: number; passed: boolean });
    expect(results).toHaveLength(bank.items.length);
    expect(results.filter((result) => result.score !== 1 || !result.passed)).toEqual([]);
    expect(new Set(results.map((result) => result.item))).toEqual(new Set(bank.items.map((item) => item.id)));
  });

  it('gives the library results and draws a progress bar when grading 10,000 answers with --progress', async () => {
    const file = join(directory, 'ten-thousand.jsonl');
    const expected: { id: string; item: string; score: number; passed: boolean }[] = [];
    const lines: string[] = [];
    for (let n = 0; n < 10_000; n++) {
      const item = bank.items[n % bank.items.length] as Item;
      const response = variant(item, Math.floor(n / bank.items.length));
      const grade = gradeItem(item, response);
      expected.push({
        id: `a${n}`,
        item: item.id,
        score: Math.round(grade.score * 10_000) / 10_000,
        passed: grade.passed,
      });
      lines.push(JSON.stringify({ id: `a${n}`, item: item.id, answer: jsonlAnswer(response, n) }));
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = await runKefu(['quiz', 'grade', '--answers', file, '--json', '--progress']);
    expect(run.code).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { id: string; item: string; score: number; passed: boolean; hits: unknown[] },
      );
    expect(results.map(({ id, item, score, passed }) => ({ id, item, score, passed }))).toEqual(expected);
    expect(new Set(results.map((result) => result.passed))).toEqual(new Set([true, false]));
    expect(run.stderr).toContain('grading [');
    expect(run.stderr).toContain('100% 10000/10000');
    console.info(
      `kefu quiz grade: 10,000 answers in ${(run.milliseconds / 1000).toFixed(1)} s (process start to exit)`,
    );
  });

  it('reads standard input and prints a summary when the file is -', async () => {
    const item = bank.item('greeting.opening') as Item;
    const input = [
      JSON.stringify({ id: 'x1', item: item.id, answer: (modelResponse(item) as { answer: string }).answer }),
      JSON.stringify({ id: 'x2', item: item.id, answer: '喂,说话呀!' }),
    ].join('\n');
    // in a directory without .kefu/data: no database is configured
    const run = await runKefu(['quiz', 'grade', '--answers', '-'], { input, cwd: directory });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^x1\tgreeting\.opening\t1\.00\tpass/m);
    expect(run.stdout).toMatch(/^x2\tgreeting\.opening\t0\.00\tFAIL/m);
    expect(run.stdout).toContain('2 answers: 1 passed, 1 failed');
    expect(run.stderr).toBe('kefu: items from the standard bank as written (no database configured)\n');
  });

  it('lists every rule applied with its evidence in --json when a script answer breaks a house rule', async () => {
    // An answer of our own: a correct reply to the greeting, then impatience (a house rule every script item shares).
    const input = [
      JSON.stringify({
        id: 'r1',
        item: 'greeting.reply',
        answer: '您好,请问有什么可以帮您的?快点说,我很忙。',
      }),
      JSON.stringify({ id: 'r2', item: 'complaint.first-owner', answer: 'b' }),
    ].join('\n');
    const run = await runKefu(['quiz', 'grade', '--answers', '-', '--json'], { input });
    expect(run.code).toBe(0);
    const [script, choice] = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(script.passed).toBe(false);
    const impatience = script.rules.find(
      (applied: { rule: string }) => applied.rule === 'house-rule:impatience',
    );
    expect(impatience).toMatchObject({ outcome: 'broken' });
    expect(impatience.evidence.join(' ')).toContain('我很忙');
    // Each concept the answer meets is quoted from the answer.
    const concepts = script.rules.filter((applied: { rule: string }) => applied.rule.startsWith('concept:'));
    expect(concepts.length).toBeGreaterThan(0);
    for (const concept of concepts) {
      expect(concept.outcome).toBe('met');
      expect(concept.evidence.length).toBeGreaterThan(0);
      for (const words of concept.evidence) expect('您好,请问有什么可以帮您的?').toContain(words);
    }
    expect(choice).toMatchObject({ passed: true, rules: [] });
  });

  it('names a choice item’s options by the letters a trainee sees when the picks are wrong', async () => {
    // complaint.first-owner: a 接电话的客服专员, b 客服主管 (right) …; crisis.pr-principles: a–d right, e and f wrong
    const input = [
      JSON.stringify({ id: 'c1', item: 'complaint.first-owner', answer: 'a' }),
      JSON.stringify({ id: 'c2', item: 'crisis.pr-principles', answer: ['a', 'b', 'e'] }),
      JSON.stringify({ id: 'c3', item: 'complaint.first-owner', answer: 'B' }),
    ].join('\n');
    const run = await runKefu(['quiz', 'grade', '--answers', '-'], { input });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^c1\tcomplaint\.first-owner\t0\.00\tFAIL\t错选:A 应选:B$/m);
    expect(run.stdout).toMatch(/^c2\tcrisis\.pr-principles\t[0-9.]+\tFAIL\t漏选:C D 错选:E$/m);
    expect(run.stdout).toMatch(/^c3\tcomplaint\.first-owner\t1\.00\tpass$/m);
  });

  it('exits 2 naming the file when it does not exist', async () => {
    const run = await runKefu(['quiz', 'grade', '--answers', join(directory, 'missing.jsonl')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.jsonl: no such file');
  });

  it('exits 2 naming every bad line and grading nothing when lines are malformed or name unknown items', async () => {
    const file = join(directory, 'bad.jsonl');
    writeFileSync(
      file,
      [
        '{"id":"1","item":"greeting.opening","answer":"您好"}',
        '{"id":"2","item":"greeting.opening","answer":',
        '',
        '[1,2]',
      ].join('\n'),
    );
    const malformed = await runKefu(['quiz', 'grade', '--answers', file]);
    expect(malformed.code).toBe(2);
    expect(malformed.stdout).toBe('');
    expect(malformed.stderr).toContain(`${file}:2: not valid JSON`);
    expect(malformed.stderr).toContain(`${file}:4: expected a JSON object`);

    writeFileSync(
      file,
      [
        '{"id":"1","item":"greeting.opening","answer":"您好"}',
        '{"id":"2","item":"greeting.closing","answer":"再见"}',
        '{"id":"3","item":"complaint.first-owner","answer":"Q"}',
      ].join('\n'),
    );
    const unknown = await runKefu(['quiz', 'grade', '--answers', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain(`${file}:2: unknown item "greeting.closing"`);
    expect(unknown.stderr).toContain(
      `${file}:3: answer to "complaint.first-owner" (single-choice) cannot be read`,
    );
  });
});

describe('kefu quiz grade: which item versions it grades with', () => {
  const standardBank = fileURLToPath(new URL('../../../../packages/quiz-bank', import.meta.url));
  // A trainer's working directory whose embedded database (.kefu/data, found without --data-dir) holds
  // complaint.first-owner version 2, whose answer is c; the bank's file says b.
  const trainerDirectory = mkdtempSync(join(tmpdir(), 'kefu-grade-published-'));
  const publishedDataDir = join(trainerDirectory, '.kefu', 'data');
  const input = ['c', 'b']
    .map((answer) => JSON.stringify({ id: answer, item: 'complaint.first-owner', answer }))
    .join('\n');

  beforeAll(async () => {
    await publishFirstOwnerAnswerC(publishedDataDir);
  });

  it('grades with the published version and says so on stderr when the default embedded database exists', async () => {
    const run = await runKefu(['quiz', 'grade', '--answers', '-'], { input, cwd: trainerDirectory });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^c\tcomplaint\.first-owner\t1\.00\tpass$/m);
    expect(run.stdout).toMatch(/^b\tcomplaint\.first-owner\t0\.00\tFAIL\t错选:B 应选:C$/m);
    expect(run.stderr).toContain(
      `kefu: items from the standard bank with the item versions published in ${publishedDataDir}\n`,
    );
  });

  it('grades with the published version when --data-dir names the database', async () => {
    const run = await runKefu(['--data-dir', publishedDataDir, 'quiz', 'grade', '--answers', '-', '--json'], {
      input,
      cwd: directory,
    });
    expect(run.code, run.stderr).toBe(0);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; passed: boolean });
    expect(results.map(({ id, passed }) => ({ id, passed }))).toEqual([
      { id: 'c', passed: true },
      { id: 'b', passed: false },
    ]);
    expect(run.stderr).toContain(`with the item versions published in ${publishedDataDir}`);
  });

  it('grades with the bank as written and opens no database when --bank is given', async () => {
    const run = await runKefu(['quiz', 'grade', '--answers', '-', '--bank', standardBank], {
      input,
      cwd: trainerDirectory,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^c\tcomplaint\.first-owner\t0\.00\tFAIL\t错选:C 应选:B$/m);
    expect(run.stdout).toMatch(/^b\tcomplaint\.first-owner\t1\.00\tpass$/m);
    expect(run.stderr).toBe(`kefu: items from ${standardBank} as written\n`);
  });

  it('grades with the bank as written and creates no database when none is configured', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kefu-grade-nodb-'));
    const run = await runKefu(['quiz', 'grade', '--answers', '-'], { input, cwd: empty });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^b\tcomplaint\.first-owner\t1\.00\tpass$/m);
    expect(run.stderr).toBe('kefu: items from the standard bank as written (no database configured)\n');
    expect(existsSync(join(empty, '.kefu'))).toBe(false);
  });

  it('exits 3, changing nothing, when the database has not been migrated for the training tables', async () => {
    // A database of the engine's tables alone, as a kefu before the training store left it.
    const behind = join(mkdtempSync(join(tmpdir(), 'kefu-grade-behind-')), 'data');
    await (await openStore({ dataDir: behind, backups: false })).close();
    const run = await runKefu(['--data-dir', behind, 'quiz', 'grade', '--answers', '-'], {
      input,
      cwd: directory,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`kefu: The database ${behind} is not up to date with this kefu`);
    expect(run.stderr).toContain('kefu db migrate');
    expect(run.stderr).toContain('pass --bank DIR');
    const store = await openStore({ dataDir: behind, migrate: false });
    const { rows } = await sql<{
      table: string | null;
    }>`select to_regclass('training_item_versions')::text as table`.execute(store.db);
    await store.close();
    expect(rows).toEqual([{ table: null }]);
    expect(listAutomaticBackups(behind)).toEqual([]);
  }, 120_000);

  it('exits 3 and creates nothing when --data-dir names a directory without a database', async () => {
    const absent = join(mkdtempSync(join(tmpdir(), 'kefu-grade-absent-')), 'data');
    const run = await runKefu(['--data-dir', absent, 'quiz', 'grade', '--answers', '-'], {
      input,
      cwd: directory,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`kefu: There is no embedded database in ${absent}`);
    expect(existsSync(absent)).toBe(false);
  });

  it('exits 3 and grades nothing when the configured database cannot be opened', async () => {
    const notADatabase = join(mkdtempSync(join(tmpdir(), 'kefu-grade-broken-')), 'data');
    mkdirSync(notADatabase);
    writeFileSync(join(notADatabase, 'notes.txt'), 'not a database');
    const run = await runKefu(['--data-dir', notADatabase, 'quiz', 'grade', '--answers', '-'], {
      input,
      cwd: directory,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`kefu: Could not open the embedded database in ${notADatabase}`);
  });
});
