import { createContext, type FormEvent, type ReactNode, useContext, useState } from 'react';
import { useMutation } from 'urql';
import { categories } from '../domain-messages.js';
import { graphql, type VariablesOf } from '../graphql.js';
import { useLanguage } from '../i18n.js';
import type { MessageKey } from '../messages.js';
import { ErrorNote } from './error-note.js';

/**
 * The forms of the complaint procedure's steps (seed 001), each written for its step against the typed schema:
 * the fields a supervisor fills in, in the order of the paper form, with the widgets that fit (a vocabulary for
 * the classification, a choice for severity, approval and satisfaction). Other actions fall back to the form built
 * from the mutation's input type (`OperationForm`).
 */
export interface StepFormProps {
  complaintId: string;
  /** Shown above the fields (the proposed plan the director decides). */
  context?: ReactNode;
  /** Values the fields start with, by path (`decision.plan`). */
  initial?: Record<string, string>;
  submitLabel: string;
  onDone: () => void;
  onCancel: () => void;
}

const recordDocument = graphql(`
  mutation StepRecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id state version } }
`);
const analyseDocument = graphql(`
  mutation StepAnalyseComplaint($input: AnalyseComplaintInput!) { analyseComplaint(input: $input) { id state version } }
`);
const decideDocument = graphql(`
  mutation StepDecideComplaint($input: DecideComplaintInput!) { decideComplaint(input: $input) { id state version } }
`);
const temporaryDocument = graphql(`
  mutation StepApplyTemporarySolution($input: ApplyTemporarySolutionInput!) {
    applyTemporarySolution(input: $input) { id state version }
  }
`);
const formalDocument = graphql(`
  mutation StepApplyFormalSolution($input: ApplyFormalSolutionInput!) {
    applyFormalSolution(input: $input) { id state version }
  }
`);
const resolveDocument = graphql(`
  mutation StepResolveComplaint($input: ResolveComplaintInput!) { resolveComplaint(input: $input) { id state version } }
`);
const revisitDocument = graphql(`
  mutation StepRecordComplaintRevisit($input: RecordComplaintRevisitInput!) {
    recordComplaintRevisit(input: $input) { id state version }
  }
`);

type HandlingMethod = VariablesOf<typeof formalDocument>['input']['handlingForm']['method'];
type RevisitMethod = VariablesOf<typeof revisitDocument>['input']['revisitRecord']['method'];
type Satisfaction = VariablesOf<typeof revisitDocument>['input']['revisitRecord']['satisfaction'];
type Classification = VariablesOf<typeof analyseDocument>['input']['analysis']['classification'];

const handlingMethods: readonly HandlingMethod[] = ['phone', 'email', 'visit', 'chat', 'letter', 'other'];
const revisitMethods: readonly RevisitMethod[] = ['phone', 'email', 'sms', 'visit'];
const satisfactions: readonly Satisfaction[] = ['satisfied', 'neutral', 'unsatisfied'];

/** A fresh key per submitted form: a retried request is recognised, a second submission is a new one. */
const requestKey = () => globalThis.crypto?.randomUUID?.() ?? String(Date.now());
const optional = (value: string) => (value.trim() === '' ? undefined : value);

/** The mutation of the form being drawn: ids are `<mutation>-<field path>`, as in the generated form. */
const FormMutation = createContext('step');

/** One labelled row: a label bound to its control by id. */
function Row({
  name,
  label,
  required,
  children,
}: {
  name: string;
  label: string;
  required?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = `${useContext(FormMutation)}-${name}`;
  return (
    <div className="form-row">
      <label htmlFor={id}>
        {label}
        {required ? ' *' : ''}
      </label>
      {children(id)}
    </div>
  );
}

/** The frame every step form shares: its mutation, the error, submit and cancel. */
function StepForm({
  mutation,
  fetching,
  error,
  context,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  mutation: string;
  fetching: boolean;
  error: Parameters<typeof ErrorNote>[0]['error'] | undefined;
  context?: ReactNode;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useLanguage();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="operation-form step-form" data-mutation={mutation} onSubmit={submit}>
      {context}
      <FormMutation.Provider value={mutation}>{children}</FormMutation.Provider>
      {error ? <ErrorNote error={error} /> : null}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={fetching}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** Step 2, 客诉状况报告表: the facts, what the customer asks for, and the abnormal situation collected at receipt. */
function RecordForm({ complaintId, submitLabel, onDone, onCancel }: StepFormProps) {
  const { label } = useLanguage();
  const [state, send] = useMutation(recordDocument);
  const [facts, setFacts] = useState('');
  const [customerRequest, setCustomerRequest] = useState('');
  const [abnormalSituation, setAbnormalSituation] = useState('');
  const submit = async () => {
    const result = await send({
      input: {
        id: complaintId,
        idempotencyKey: requestKey(),
        report: {
          facts,
          customerRequest: optional(customerRequest),
          abnormalSituation: optional(abnormalSituation),
        },
      },
    });
    if (!result.error) onDone();
  };
  return (
    <StepForm
      mutation="recordComplaint"
      fetching={state.fetching}
      error={state.error}
      submitLabel={submitLabel}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Row name="report.facts" label={label('field', 'report.facts')} required>
        {(id) => (
          <textarea
            id={id}
            name="report.facts"
            required
            rows={4}
            value={facts}
            onChange={(e) => setFacts(e.target.value)}
          />
        )}
      </Row>
      <Row name="report.customerRequest" label={label('field', 'report.customerRequest')}>
        {(id) => (
          <textarea
            id={id}
            name="report.customerRequest"
            rows={2}
            value={customerRequest}
            onChange={(e) => setCustomerRequest(e.target.value)}
          />
        )}
      </Row>
      <Row name="report.abnormalSituation" label={label('field', 'report.abnormalSituation')}>
        {(id) => (
          <textarea
            id={id}
            name="report.abnormalSituation"
            rows={2}
            value={abnormalSituation}
            onChange={(e) => setAbnormalSituation(e.target.value)}
          />
        )}
      </Row>
    </StepForm>
  );
}

/** Step 3: the cause, the classification from one vocabulary, the proposed plan, and whether it is serious. */
function AnalyseForm({ complaintId, submitLabel, onDone, onCancel }: StepFormProps) {
  const { label, t } = useLanguage();
  const [state, send] = useMutation(analyseDocument);
  const [cause, setCause] = useState('');
  const [classification, setClassification] = useState<Classification | ''>('');
  const [proposedPlan, setProposedPlan] = useState('');
  const [serious, setSerious] = useState(false);
  const submit = async () => {
    if (classification === '') return;
    const result = await send({
      input: {
        id: complaintId,
        idempotencyKey: requestKey(),
        analysis: { cause, classification, proposedPlan, severity: serious ? 'serious' : 'normal' },
      },
    });
    if (!result.error) onDone();
  };
  return (
    <StepForm
      mutation="analyseComplaint"
      fetching={state.fetching}
      error={state.error}
      submitLabel={submitLabel}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Row name="analysis.cause" label={label('field', 'cause')} required>
        {(id) => (
          <textarea
            id={id}
            name="analysis.cause"
            required
            rows={3}
            value={cause}
            onChange={(e) => setCause(e.target.value)}
          />
        )}
      </Row>
      <Row name="analysis.classification" label={label('field', 'classification')} required>
        {(id) => (
          <select
            id={id}
            name="analysis.classification"
            required
            value={classification}
            onChange={(e) => setClassification(e.target.value as Classification)}
          >
            <option value="">—</option>
            {categories.map((option) => (
              <option key={option} value={option}>
                {label('category', option)}
              </option>
            ))}
          </select>
        )}
      </Row>
      <Row name="analysis.proposedPlan" label={label('field', 'proposedPlan')} required>
        {(id) => (
          <textarea
            id={id}
            name="analysis.proposedPlan"
            required
            rows={3}
            value={proposedPlan}
            onChange={(e) => setProposedPlan(e.target.value)}
          />
        )}
      </Row>
      <Row name="analysis.severity" label={label('field', 'severity')}>
        {(id) => (
          <span className="choice">
            <input
              id={id}
              name="analysis.severity"
              type="checkbox"
              checked={serious}
              onChange={(e) => setSerious(e.target.checked)}
            />{' '}
            {t('stepSeriousHint')}
          </span>
        )}
      </Row>
    </StepForm>
  );
}

/** Step 4: the director approves the plan (starting from the proposed one) or sends it back with a note. */
function DecideForm({ complaintId, context, initial, submitLabel, onDone, onCancel }: StepFormProps) {
  const { label, t } = useLanguage();
  const [state, send] = useMutation(decideDocument);
  const [approved, setApproved] = useState(true);
  const [plan, setPlan] = useState(initial?.['decision.plan'] ?? '');
  const [note, setNote] = useState('');
  const submit = async () => {
    const result = await send({
      input: {
        id: complaintId,
        idempotencyKey: requestKey(),
        decision: { approved, plan, note: optional(note) },
      },
    });
    if (!result.error) onDone();
  };
  return (
    <StepForm
      mutation="decideComplaint"
      fetching={state.fetching}
      error={state.error}
      context={context}
      submitLabel={submitLabel}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <fieldset className="choice-group">
        <legend>{label('field', 'decision')}</legend>
        <label>
          <input
            type="radio"
            name="decision.approved"
            checked={approved}
            onChange={() => setApproved(true)}
          />{' '}
          {t('stepApprove')}
        </label>
        <label>
          <input
            type="radio"
            name="decision.approved"
            checked={!approved}
            onChange={() => setApproved(false)}
          />{' '}
          {t('stepSendBack')}
        </label>
      </fieldset>
      <Row name="decision.plan" label={label('field', 'plan')} required>
        {(id) => (
          <textarea
            id={id}
            name="decision.plan"
            required
            rows={3}
            value={plan}
            onChange={(e) => setPlan(e.target.value)}
          />
        )}
      </Row>
      <Row name="decision.note" label={label('field', 'note')}>
        {(id) => (
          <textarea
            id={id}
            name="decision.note"
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Row>
    </StepForm>
  );
}

/** Step 5, 客诉办理单: how the customer was reached, what was done, the result, and whether they were told. */
function HandlingFormFor(mutation: 'applyTemporarySolution' | 'applyFormalSolution') {
  return function HandlingForm({ complaintId, submitLabel, onDone, onCancel }: StepFormProps) {
    const { t } = useLanguage();
    const [state, send] = useMutation(
      mutation === 'applyFormalSolution' ? formalDocument : temporaryDocument,
    );
    const [method, setMethod] = useState<HandlingMethod>('phone');
    const [actions, setActions] = useState('');
    const [result, setResult] = useState('');
    const [customerInformed, setCustomerInformed] = useState(false);
    const submit = async () => {
      const sent = await send({
        input: {
          id: complaintId,
          idempotencyKey: requestKey(),
          handlingForm: { method, actions, result, customerInformed },
        },
      });
      if (!sent.error) onDone();
    };
    return (
      <StepForm
        mutation={mutation}
        fetching={state.fetching}
        error={state.error}
        submitLabel={submitLabel}
        onSubmit={submit}
        onCancel={onCancel}
      >
        <Row name="handlingForm.method" label={t('stepHandlingMethod')} required>
          {(id) => (
            <select
              id={id}
              name="handlingForm.method"
              value={method}
              onChange={(e) => setMethod(e.target.value as HandlingMethod)}
            >
              {handlingMethods.map((option) => (
                <option key={option} value={option}>
                  {t(`stepMethod_${option}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Row>
        <Row name="handlingForm.actions" label={t('stepActions')} required>
          {(id) => (
            <textarea
              id={id}
              name="handlingForm.actions"
              required
              rows={3}
              value={actions}
              onChange={(e) => setActions(e.target.value)}
            />
          )}
        </Row>
        <Row name="handlingForm.result" label={t('stepResult')} required>
          {(id) => (
            <textarea
              id={id}
              name="handlingForm.result"
              required
              rows={2}
              value={result}
              onChange={(e) => setResult(e.target.value)}
            />
          )}
        </Row>
        <Row name="handlingForm.customerInformed" label={t('stepCustomerInformed')}>
          {(id) => (
            <input
              id={id}
              name="handlingForm.customerInformed"
              type="checkbox"
              checked={customerInformed}
              onChange={(e) => setCustomerInformed(e.target.checked)}
            />
          )}
        </Row>
      </StepForm>
    );
  };
}

/** Step 7, the summary report: outcome, cause, measures so it does not recur, compensation if any. */
function ResolveForm({ complaintId, submitLabel, onDone, onCancel }: StepFormProps) {
  const { t } = useLanguage();
  const [state, send] = useMutation(resolveDocument);
  const [outcome, setOutcome] = useState('');
  const [cause, setCause] = useState('');
  const [improvementMeasures, setImprovementMeasures] = useState('');
  const [compensation, setCompensation] = useState('');
  const submit = async () => {
    const result = await send({
      input: {
        id: complaintId,
        idempotencyKey: requestKey(),
        summaryReport: { outcome, cause, improvementMeasures, compensation: optional(compensation) },
      },
    });
    if (!result.error) onDone();
  };
  const fields: Array<[string, string, (value: string) => void, boolean]> = [
    ['outcome', outcome, setOutcome, true],
    ['cause', cause, setCause, true],
    ['improvementMeasures', improvementMeasures, setImprovementMeasures, true],
    ['compensation', compensation, setCompensation, false],
  ];
  return (
    <StepForm
      mutation="resolveComplaint"
      fetching={state.fetching}
      error={state.error}
      submitLabel={submitLabel}
      onSubmit={submit}
      onCancel={onCancel}
    >
      {fields.map(([name, value, set, required]) => (
        <Row
          name={`summaryReport.${name}`}
          key={name}
          label={t(`stepSummary_${name}` as MessageKey)}
          required={required}
        >
          {(id) => (
            <textarea
              id={id}
              name={`summaryReport.${name}`}
              required={required}
              rows={2}
              value={value}
              onChange={(e) => set(e.target.value)}
            />
          )}
        </Row>
      ))}
    </StepForm>
  );
}

/** 回访记录表 (seed 002): how the customer was reached, satisfaction, opinion, suggestions, and what fell short. */
function RevisitForm({ complaintId, submitLabel, onDone, onCancel }: StepFormProps) {
  const { t } = useLanguage();
  const [state, send] = useMutation(revisitDocument);
  const [method, setMethod] = useState<RevisitMethod>('phone');
  const [satisfaction, setSatisfaction] = useState<Satisfaction>('satisfied');
  const [opinion, setOpinion] = useState('');
  const [suggestions, setSuggestions] = useState('');
  const [unsatisfiedWith, setUnsatisfiedWith] = useState('');
  const submit = async () => {
    const result = await send({
      input: {
        id: complaintId,
        idempotencyKey: requestKey(),
        revisitRecord: {
          method,
          satisfaction,
          opinion: optional(opinion),
          suggestions: optional(suggestions),
          unsatisfiedWith: satisfaction === 'satisfied' ? undefined : optional(unsatisfiedWith),
        },
      },
    });
    if (!result.error) onDone();
  };
  return (
    <StepForm
      mutation="recordComplaintRevisit"
      fetching={state.fetching}
      error={state.error}
      submitLabel={submitLabel}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Row name="revisitRecord.method" label={t('stepRevisitMethod')} required>
        {(id) => (
          <select
            id={id}
            name="revisitRecord.method"
            value={method}
            onChange={(e) => setMethod(e.target.value as RevisitMethod)}
          >
            {revisitMethods.map((option) => (
              <option key={option} value={option}>
                {t(`stepMethod_${option}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Row>
      <fieldset className="choice-group">
        <legend>{t('stepSatisfaction')}</legend>
        {satisfactions.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="revisitRecord.satisfaction"
              value={option}
              checked={satisfaction === option}
              onChange={() => setSatisfaction(option)}
            />{' '}
            {t(`stepSatisfaction_${option}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <Row name="revisitRecord.opinion" label={t('stepOpinion')}>
        {(id) => (
          <textarea
            id={id}
            name="revisitRecord.opinion"
            rows={2}
            value={opinion}
            onChange={(e) => setOpinion(e.target.value)}
          />
        )}
      </Row>
      <Row name="revisitRecord.suggestions" label={t('stepSuggestions')}>
        {(id) => (
          <textarea
            id={id}
            name="revisitRecord.suggestions"
            rows={2}
            value={suggestions}
            onChange={(e) => setSuggestions(e.target.value)}
          />
        )}
      </Row>
      {satisfaction === 'satisfied' ? null : (
        <Row name="revisitRecord.unsatisfiedWith" label={t('stepUnsatisfiedWith')}>
          {(id) => (
            <textarea
              id={id}
              name="revisitRecord.unsatisfiedWith"
              rows={2}
              value={unsatisfiedWith}
              onChange={(e) => setUnsatisfiedWith(e.target.value)}
            />
          )}
        </Row>
      )}
    </StepForm>
  );
}

/** The hand-written form of each procedure step, by mutation; other actions use the form built from the schema. */
export const complaintStepForms: Readonly<Record<string, (props: StepFormProps) => ReactNode>> = {
  recordComplaint: RecordForm,
  analyseComplaint: AnalyseForm,
  decideComplaint: DecideForm,
  applyTemporarySolution: HandlingFormFor('applyTemporarySolution'),
  applyFormalSolution: HandlingFormFor('applyFormalSolution'),
  resolveComplaint: ResolveForm,
  recordComplaintRevisit: RevisitForm,
};
