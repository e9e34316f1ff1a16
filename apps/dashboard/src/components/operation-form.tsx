import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { useMutation } from 'urql';
import type { MutationDocument } from '../action-documents.js';
import { categories, type DomainKind } from '../domain-messages.js';
import { useLanguage } from '../i18n.js';
import { enumValuesOf, type InputValueInfo, inputFieldsOf, namedType, typeRefOf } from '../schema-types.js';
import { ErrorNote } from './error-note.js';

type Values = Record<string, string | boolean>;

/** Enum types whose values the message catalogue labels. */
const enumKinds: Record<string, DomainKind> = {
  ProblemClass: 'category',
  Channel: 'channel',
  CustomerGrade: 'grade',
  ComplaintSeverity: 'severity',
  EscalationPriority: 'priority',
};

const longText = /facts|summary|text|body|reason|note|description|answer|request|message|content|plan/i;
const automatic = new Set(['idempotencyKey']);

interface FieldSpec {
  path: string;
  input: InputValueInfo;
  typeName: string;
  kind: string;
  list: boolean;
  required: boolean;
  enumValues: string[];
  children: FieldSpec[];
}

function specsOf(
  inputs: readonly InputValueInfo[],
  prefix: string,
  fixed: Record<string, unknown>,
  depth = 0,
): FieldSpec[] {
  const specs: FieldSpec[] = [];
  for (const input of inputs) {
    if (automatic.has(input.name) || (depth <= 1 && input.name in fixed)) continue;
    const target = namedType(input.type);
    const path = prefix ? `${prefix}.${input.name}` : input.name;
    specs.push({
      path,
      input,
      typeName: target.name,
      kind: target.kind,
      list: target.list,
      required: input.type.kind === 'NON_NULL' && (input.defaultValue ?? null) === null,
      enumValues: enumValuesOf(target.name),
      children:
        target.kind === 'INPUT_OBJECT' && !target.list && depth < 3
          ? specsOf(inputFieldsOf(target.name), path, fixed, depth + 1)
          : [],
    });
  }
  return specs;
}

function convert(spec: FieldSpec, raw: string | boolean): unknown {
  if (spec.kind === 'ENUM' || spec.typeName === 'String' || spec.typeName === 'ID') {
    if (spec.list)
      return String(raw)
        .split(/[,,]/)
        .map((part) => part.trim())
        .filter(Boolean);
    return raw;
  }
  if (spec.typeName === 'Boolean') return raw === true;
  if (spec.typeName === 'Int') return Number.parseInt(String(raw), 10);
  if (spec.typeName === 'Float') return Number.parseFloat(String(raw));
  if (spec.typeName === 'DateTime') return new Date(String(raw)).toISOString();
  if (spec.typeName === 'JSON') return JSON.parse(String(raw));
  return raw;
}

function collect(
  specs: FieldSpec[],
  values: Values,
  fixed: Record<string, unknown>,
  depth = 0,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (depth === 0) {
    for (const [key, value] of Object.entries(fixed)) result[key] = value;
  }
  for (const spec of specs) {
    if (spec.children.length > 0) {
      const inner = collect(spec.children, values, fixed, depth + 1);
      const hasValue = Object.keys(inner).some((key) => !(key in fixed));
      if (hasValue || spec.required) result[spec.input.name] = inner;
      continue;
    }
    const raw = values[spec.path];
    if (raw === undefined || raw === '') continue;
    if (spec.typeName === 'Boolean' && raw === false && !spec.required) continue;
    result[spec.input.name] = convert(spec, raw);
  }
  return result;
}

/** Only keep fixed values the input type declares. */
function fixedFor(arg: InputValueInfo, fixed: Record<string, unknown>): Record<string, unknown> {
  const fields = inputFieldsOf(namedType(arg.type).name);
  const names = new Set(fields.map((field) => field.name));
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fixed)) if (names.has(key)) kept[key] = value;
  for (const field of fields)
    if (field.name === 'idempotencyKey')
      kept.idempotencyKey = globalThis.crypto?.randomUUID?.() ?? String(Date.now());
  return kept;
}

/** A mutation document's field name and its variables, read from the parsed document. */
function operationOf(document: MutationDocument): { name: string; args: InputValueInfo[] } {
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  if (operation?.kind !== 'OperationDefinition') throw new Error('Not an operation document');
  const [field] = operation.selectionSet.selections;
  return {
    name: field?.kind === 'Field' ? field.name.value : 'mutation',
    args: (operation.variableDefinitions ?? []).map((definition) => ({
      name: definition.variable.name.value,
      type: typeRefOf(definition.type),
    })),
  };
}

export interface OperationFormProps {
  /** The typed mutation to send (one of `actionDocuments`, or a page's own). */
  document: MutationDocument;
  /** Values the form does not ask for, e.g. the workflow id: `{ id }`. */
  fixed?: Record<string, unknown>;
  submitLabel?: string;
  /** Shown above the fields, e.g. the proposed plan the director decides. */
  context?: ReactNode;
  /** Values the fields start with, by path (`decision.plan`). */
  initial?: Values;
  onDone?: (data: unknown) => void;
  onCancel?: () => void;
}

/** A form built from a typed mutation's variables as the schema declares them (inputs, enums, nested inputs). */
export function OperationForm({
  document,
  fixed = {},
  submitLabel,
  context,
  initial,
  onDone,
  onCancel,
}: OperationFormProps) {
  const { t, label, hasLabel } = useLanguage();
  const fieldLabel = (spec: FieldSpec) =>
    hasLabel('field', spec.path)
      ? label('field', spec.path)
      : hasLabel('field', spec.input.name)
        ? label('field', spec.input.name)
        : spec.path;
  const [entered, setValues] = useState<Values>(() => ({ ...initial }));
  const [localError, setLocalError] = useState<string>();

  const mutation = useMemo(() => operationOf(document), [document]);
  const plan = useMemo(() => {
    const argumentSpecs = mutation.args.map((arg) => {
      const target = namedType(arg.type);
      const argFixed = target.kind === 'INPUT_OBJECT' ? fixedFor(arg, fixed) : {};
      const isFixedScalar = target.kind !== 'INPUT_OBJECT' && arg.name in fixed;
      return {
        arg,
        fixed: argFixed,
        isFixedScalar,
        specs: isFixedScalar
          ? []
          : target.kind === 'INPUT_OBJECT'
            ? specsOf(inputFieldsOf(target.name), '', argFixed, 1)
            : specsOf([arg], '', argFixed),
        isObject: target.kind === 'INPUT_OBJECT',
      };
    });
    return { argumentSpecs };
  }, [mutation, fixed]);

  const [state, execute] = useMutation(document);

  // Enum defaults show as selected, so they are sent unless changed.
  const values = useMemo(() => {
    const defaults: Values = {};
    const walk = (specs: FieldSpec[]) => {
      for (const spec of specs) {
        if (spec.kind === 'ENUM' && spec.input.defaultValue) defaults[spec.path] = spec.input.defaultValue;
        walk(spec.children);
      }
    };
    walk(plan.argumentSpecs.flatMap((entry) => entry.specs));
    return { ...defaults, ...entered };
  }, [plan, entered]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLocalError(undefined);
    try {
      const variables: Record<string, unknown> = {};
      for (const entry of plan.argumentSpecs) {
        if (entry.isFixedScalar) variables[entry.arg.name] = fixed[entry.arg.name];
        else if (entry.isObject) variables[entry.arg.name] = collect(entry.specs, values, entry.fixed);
        else {
          const [spec] = entry.specs;
          const raw = spec ? values[spec.path] : undefined;
          if (spec && raw !== undefined && raw !== '') variables[entry.arg.name] = convert(spec, raw);
        }
      }
      const result = await execute(variables, { additionalTypenames: ['Complaint'] });
      if (!result.error) onDone?.(result.data);
    } catch (error) {
      setLocalError(error instanceof Error ? error.message : String(error));
    }
  };

  const renderSpec = (spec: FieldSpec) => {
    if (spec.children.length > 0) {
      return (
        <fieldset key={spec.path}>
          <legend>{fieldLabel(spec)}</legend>
          {spec.children.map(renderSpec)}
        </fieldset>
      );
    }
    if (spec.kind === 'INPUT_OBJECT') return null;
    const id = `${mutation.name}-${spec.path}`;
    const value = values[spec.path];
    const set = (next: string | boolean) => setValues((current) => ({ ...current, [spec.path]: next }));
    let control: React.ReactNode;
    const vocabulary = spec.kind === 'ENUM' ? enumKinds[spec.typeName] : undefined;
    if (spec.typeName === 'String' && !spec.list && spec.input.name === 'category') {
      // Category and classification are one vocabulary (the API's ProblemClass).
      control = (
        <select
          id={id}
          name={spec.path}
          required={spec.required}
          value={String(value ?? '')}
          onChange={(event) => set(event.target.value)}
        >
          <option value="">—</option>
          {categories.map((option) => (
            <option key={option} value={option}>
              {label('category', option)}
            </option>
          ))}
        </select>
      );
    } else if (spec.kind === 'ENUM' && !spec.list) {
      const fallback = spec.input.defaultValue ?? '';
      control = (
        <select
          id={id}
          name={spec.path}
          required={spec.required}
          value={String(value ?? fallback)}
          onChange={(event) => set(event.target.value)}
        >
          {spec.required && !fallback ? <option value="">—</option> : null}
          {!spec.required ? <option value="">—</option> : null}
          {spec.enumValues.map((option) => (
            <option key={option} value={option}>
              {vocabulary ? label(vocabulary, option) : option}
            </option>
          ))}
        </select>
      );
    } else if (spec.typeName === 'Boolean') {
      control = (
        <input
          id={id}
          name={spec.path}
          type="checkbox"
          checked={value === true}
          onChange={(event) => set(event.target.checked)}
        />
      );
    } else if (spec.typeName === 'Int' || spec.typeName === 'Float') {
      control = (
        <input
          id={id}
          name={spec.path}
          type="number"
          step={spec.typeName === 'Int' ? 1 : 'any'}
          required={spec.required}
          value={String(value ?? '')}
          onChange={(event) => set(event.target.value)}
        />
      );
    } else if (spec.typeName === 'DateTime') {
      control = (
        <input
          id={id}
          name={spec.path}
          type="datetime-local"
          required={spec.required}
          value={String(value ?? '')}
          onChange={(event) => set(event.target.value)}
        />
      );
    } else if (spec.typeName === 'JSON' || longText.test(spec.input.name)) {
      control = (
        <textarea
          id={id}
          name={spec.path}
          required={spec.required}
          rows={3}
          value={String(value ?? '')}
          onChange={(event) => set(event.target.value)}
        />
      );
    } else {
      control = (
        <input
          id={id}
          name={spec.path}
          type="text"
          required={spec.required}
          value={String(value ?? '')}
          onChange={(event) => set(event.target.value)}
        />
      );
    }
    return (
      <div className="form-row" key={spec.path}>
        <label htmlFor={id}>
          {fieldLabel(spec)}
          {spec.required ? ' *' : ''}
          {spec.list ? ` (${t('listHint')})` : ''}
        </label>
        {control}
      </div>
    );
  };

  return (
    <form className="operation-form" data-mutation={mutation.name} onSubmit={submit}>
      {context}
      {plan.argumentSpecs.flatMap((entry) => entry.specs).map(renderSpec)}
      {state.error ? <ErrorNote error={state.error} /> : null}
      {localError ? <ErrorNote error={{ message: localError }} /> : null}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={state.fetching}>
          {submitLabel ?? t('submit')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
