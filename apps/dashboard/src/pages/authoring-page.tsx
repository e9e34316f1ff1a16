import { type ChangeEvent, type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { ErrorNote } from '../components/error-note.js';
import { graphql, type ResultOf, readFragment } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import { explainedGradeFragment, ResponseView } from './trainee-attempts.js';

const bankQuery = graphql(`
  query DashboardAuthoringBank {
    quizzes { id title items { item { id title type } } }
  }
`);

const assignMutation = graphql(`
  mutation DashboardAssignQuiz($input: AssignQuizInput!) {
    assignQuiz(input: $input) { id quizId trainee team }
  }
`);

const itemSourceQuery = graphql(`
  query DashboardItemSource($id: ID!) {
    itemSource(id: $id) { itemId version source versions { version publishedBy publishedAt note } }
  }
`);

const validateQuery = graphql(`
  query DashboardValidateItem($source: String!) {
    validateItemSource(source: $source) { valid itemId itemType issues { line column path message } }
  }
`);

const ruleTestQuery = graphql(
  `
  query DashboardRuleTest($source: String!, $labelled: String!) {
    ruleTest(source: $source, labelled: $labelled) {
      total agreements accuracy kappa unknownItems
      confusion { label rubricPass rubricFail }
      disagreements { id line answer expected got score why reason grade { ...DashboardExplainedGrade } }
    }
  }
`,
  [explainedGradeFragment],
);

const publishMutation = graphql(`
  mutation DashboardPublishItem($input: PublishItemVersionInput!) {
    publishItemVersion(input: $input) {
      itemVersion { itemId version }
      quizVersions { quizId version }
    }
  }
`);

type Validation = ResultOf<typeof validateQuery>['validateItemSource'];
type Report = ResultOf<typeof ruleTestQuery>['ruleTest'];

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10}%`;

/** A trainer's page: assign quizzes, edit an item's YAML, test its rubric on labelled answers, publish a version. */
export function AuthoringPage() {
  const { t } = useLanguage();
  const [bank] = useQuery({ query: bankQuery });
  const quizzes = bank.data?.quizzes ?? [];
  const items = useMemo(() => {
    const seen = new Map<string, { id: string; title: string | null; type: string }>();
    for (const quiz of quizzes) for (const { item } of quiz.items) seen.set(item.id, item);
    return [...seen.values()];
  }, [quizzes]);
  return (
    <section className="page authoring-page">
      <h1>{t('authoringTitle')}</h1>
      {bank.error ? <ErrorNote error={bank.error} /> : null}
      <AssignPanel quizzes={quizzes} />
      <ItemEditor items={items} />
    </section>
  );
}

function AssignPanel({ quizzes }: { quizzes: readonly { id: string; title: string }[] }) {
  const { t } = useLanguage();
  const [quizId, setQuizId] = useState('');
  const [trainee, setTrainee] = useState('');
  const [team, setTeam] = useState('');
  const [due, setDue] = useState('');
  const [state, assign] = useMutation(assignMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign({
      input: {
        quizId: quizId || (quizzes[0]?.id ?? ''),
        trainee: trainee.trim() || null,
        team: team.trim() || null,
        dueAt: due ? new Date(due).toISOString() : null,
      },
    });
  };
  return (
    <form className="panel" onSubmit={submit} data-testid="assign-quiz">
      <h2>{t('assignTitle')}</h2>
      <div className="form-row">
        <label htmlFor="assign-quiz">{t('attemptQuiz')}</label>
        <select id="assign-quiz" value={quizId} onChange={(event) => setQuizId(event.target.value)}>
          {quizzes.map((quiz) => (
            <option key={quiz.id} value={quiz.id}>
              {quiz.title}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="assign-trainee">{t('assignTrainee')}</label>
        <input id="assign-trainee" value={trainee} onChange={(event) => setTrainee(event.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="assign-team">{t('assignTeam')}</label>
        <input id="assign-team" value={team} onChange={(event) => setTeam(event.target.value)} />
      </div>
      <div className="form-row">
        <label htmlFor="assign-due">{t('assignDue')}</label>
        <input
          id="assign-due"
          type="datetime-local"
          value={due}
          onChange={(event) => setDue(event.target.value)}
        />
      </div>
      {state.error ? <ErrorNote error={state.error} /> : null}
      {state.data ? (
        <p className="notice" role="status">
          ✓ {t('assigned')}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={state.fetching}>
        {t('assignSubmit')}
      </button>
    </form>
  );
}

/** The offset of a 1-based line and column in the text (to put the caret on an issue). */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let index = 0; index < line - 1 && index < lines.length; index++)
    offset += (lines[index]?.length ?? 0) + 1;
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

function ItemEditor({ items }: { items: readonly { id: string; title: string | null; type: string }[] }) {
  const { t, formatDateTime } = useLanguage();
  const client = useClient();
  const [itemId, setItemId] = useState('');
  const chosen = itemId || items[0]?.id || '';
  const [loaded] = useQuery({ query: itemSourceQuery, variables: { id: chosen }, pause: !chosen });
  const [source, setSource] = useState('');
  const [validation, setValidation] = useState<Validation>();
  const [labelled, setLabelled] = useState('');
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<{ message: string }>();
  const [publishing, publish] = useMutation(publishMutation);
  const editor = useRef<HTMLTextAreaElement>(null);
  const current = loaded.data?.itemSource;

  useEffect(() => {
    if (current) {
      setSource(current.source);
      setValidation(undefined);
      setReport(undefined);
    }
  }, [current]);

  const validate = async () => {
    setError(undefined);
    const result = await client
      .query(validateQuery, { source }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.error) setError(result.error);
    setValidation(result.data?.validateItemSource);
  };
  const runRuleTest = async () => {
    setError(undefined);
    const result = await client
      .query(ruleTestQuery, { source, labelled }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.error) setError(result.error);
    setReport(result.data?.ruleTest);
  };
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setLabelled(file ? await file.text() : '');
    setReport(undefined);
  };
  const goTo = (line: number, column: number) => {
    const offset = offsetOf(source, line, column);
    editor.current?.focus();
    editor.current?.setSelectionRange(offset, offset);
  };

  const isScript = validation?.itemType === 'script';
  const canPublish =
    validation?.valid === true && (!isScript || report !== undefined) && !publishing.fetching;
  const nextVersion = (current?.version ?? 1) + 1;
  const published = publishing.data?.publishItemVersion;

  return (
    <div className="panel item-editor" data-testid="item-editor">
      <h2>{t('editItemTitle')}</h2>
      <div className="form-row">
        <label htmlFor="item-choice">{t('chooseItem')}</label>
        <select id="item-choice" value={chosen} onChange={(event) => setItemId(event.target.value)}>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.id} · {item.title ?? ''} ({item.type})
            </option>
          ))}
        </select>
        {current ? <span className="badge">{t('currentVersion', { version: current.version })}</span> : null}
      </div>
      {loaded.error ? <ErrorNote error={loaded.error} /> : null}
      <div className="form-row">
        <label htmlFor="item-yaml">{t('itemYaml')}</label>
        <textarea
          id="item-yaml"
          ref={editor}
          className="yaml-editor"
          rows={18}
          spellCheck={false}
          value={source}
          aria-invalid={validation ? !validation.valid : undefined}
          aria-describedby="yaml-issues"
          onChange={(event) => {
            setSource(event.target.value);
            setValidation(undefined);
            setReport(undefined);
          }}
        />
      </div>
      <div id="yaml-issues" aria-live="polite">
        {validation?.valid ? (
          <p className="notice" data-testid="yaml-valid">
            ✓ {t('valid', { type: validation.itemType ?? '', id: validation.itemId ?? '' })}
          </p>
        ) : null}
        {validation && !validation.valid ? (
          <ul className="yaml-issues" data-testid="yaml-issues">
            {validation.issues.map((issue) => (
              <li
                key={`${issue.line}:${issue.column}:${issue.message}`}
                data-line={issue.line}
                data-column={issue.column}
              >
                <button type="button" className="link" onClick={() => goTo(issue.line, issue.column)}>
                  {t('yamlIssue', { line: issue.line, column: issue.column })}
                </button>
                : {issue.path ? <code>{issue.path}</code> : null} {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" onClick={validate} data-testid="validate-item">
        {t('validate')}
      </button>

      <h3>{t('ruleTestTitle')}</h3>
      <p className="hint">{t('ruleTestHint')}</p>
      <div className="form-row">
        <label htmlFor="labelled-file">{t('labelledFile')}</label>
        <input
          id="labelled-file"
          type="file"
          accept=".jsonl,.json,.txt,application/jsonl"
          onChange={readFile}
        />
      </div>
      <button type="button" onClick={runRuleTest} disabled={!labelled} data-testid="run-rule-test">
        {t('runRuleTest')}
      </button>
      {error ? <ErrorNote error={error} /> : null}
      {report ? <RuleTestView report={report} /> : null}

      <h3>{t('versionHistory')}</h3>
      <ul>
        {(current?.versions ?? []).map((version) => (
          <li key={version.version}>
            {t('currentVersion', { version: version.version })} · {version.publishedBy} ·{' '}
            {formatDateTime(version.publishedAt)} {version.note ? `· ${version.note}` : ''}
          </li>
        ))}
      </ul>
      {publishing.error ? <ErrorNote error={publishing.error} /> : null}
      {published ? (
        <p className="notice" role="status" data-testid="published">
          ✓{' '}
          {t('published', {
            id: published.itemVersion.itemId,
            version: published.itemVersion.version,
            quizzes: published.quizVersions.map((quiz) => `${quiz.quizId} v${quiz.version}`).join(', '),
          })}
        </p>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={!canPublish}
        data-testid="publish-item"
        onClick={() => publish({ input: { itemId: chosen, source } })}
      >
        {t('publishVersion', { version: nextVersion })}
      </button>
    </div>
  );
}

/** The rule test's figures, confusion matrix and explained disagreements. */
export function RuleTestView({ report }: { report: Report }) {
  const { t } = useLanguage();
  const row = (label: string) => report.confusion.find((entry) => entry.label === label);
  return (
    <div className="rule-test" data-testid="rule-test">
      <dl className="facts">
        <dt>{t('accuracy')}</dt>
        <dd data-testid="rule-accuracy">
          {percent(report.accuracy)} ({report.agreements}/{report.total})
        </dd>
        <dt>{t('kappa')}</dt>
        <dd data-testid="rule-kappa">{report.kappa === null ? '–' : report.kappa.toFixed(2)}</dd>
      </dl>
      <table className="confusion" data-testid="rule-confusion">
        <caption>{t('confusion')}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('rubricPass')}</th>
            <th scope="col">{t('rubricFail')}</th>
          </tr>
        </thead>
        <tbody>
          {(['pass', 'fail'] as const).map((label) => (
            <tr key={label}>
              <th scope="row">{label === 'pass' ? t('labelPass') : t('labelFail')}</th>
              <td>{row(label)?.rubricPass ?? 0}</td>
              <td>{row(label)?.rubricFail ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('disagreements')}</h4>
      {report.disagreements.length === 0 ? <p className="empty">{t('noDisagreements')}</p> : null}
      {report.disagreements.map((entry) => (
        <div key={entry.id} className="disagreement" data-testid="disagreement" data-id={entry.id}>
          <p>
            <code>{entry.id}</code>
            {entry.line !== null ? ` · L${entry.line}` : ''} ·{' '}
            {t('labelSaid', {
              expected: entry.expected ? t('itemPassed') : t('itemFailed'),
              got: entry.got ? t('itemPassed') : t('itemFailed'),
            })}
            {entry.why ? ` · ${entry.why}` : ''}
          </p>
          <p className="hint">{entry.reason}</p>
          <ResponseView
            response={{
              itemId: entry.id,
              itemType: 'script',
              tryNumber: 1,
              answerText: entry.answer,
              answer: entry.answer,
              score: entry.score,
              penalty: 0,
              passed: entry.got,
              item: null,
              grade: readFragment(explainedGradeFragment, entry.grade),
            }}
            heading={false}
          />
        </div>
      ))}
    </div>
  );
}
