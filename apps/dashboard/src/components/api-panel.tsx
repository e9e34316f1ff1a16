import { type ReactNode, useMemo } from 'react';
import { useQuery } from 'urql';
import { useApp } from '../app-context.js';
import { chartify } from '../chartify.js';
import { useLanguage } from '../i18n.js';
import { useLiveUpdates } from '../live-updates.js';
import { Link } from '../router.js';
import {
  type FieldInfo,
  type InputValueInfo,
  namedType,
  printTypeRef,
  type SchemaCapabilities,
} from '../schema-capabilities.js';
import { Chart } from './chart.js';
import { Countdown } from './countdown.js';
import { ErrorNote } from './not-in-api.js';
import { useNow } from './use-now.js';

const day = 86_400_000;

/** A value for a required argument, where one can be chosen without asking: a time range, a granularity. */
function defaultValue(capabilities: SchemaCapabilities, input: InputValueInfo, depth = 0): unknown {
  const target = namedType(input.type);
  const type = capabilities.type(target.name);
  if (target.kind === 'ENUM') {
    const values = type?.enumValues?.map((value) => value.name) ?? [];
    return values.find((value) => /^day$/i.test(value)) ?? values[0];
  }
  if (target.name === 'DateTime' || target.name === 'Date') {
    if (/from|since|start|after/i.test(input.name)) return new Date(Date.now() - 30 * day).toISOString();
    if (/to|until|end|before/i.test(input.name)) return new Date(Date.now() + day).toISOString();
    return undefined;
  }
  if (target.name === 'Int') return /first|limit|last|size/i.test(input.name) ? 100 : undefined;
  if (target.kind === 'INPUT_OBJECT' && depth < 2) {
    const value: Record<string, unknown> = {};
    for (const inner of type?.inputFields ?? []) {
      const required = inner.type.kind === 'NON_NULL' && inner.defaultValue === null;
      const chosen = defaultValue(capabilities, inner, depth + 1);
      if (chosen !== undefined) value[inner.name] = chosen;
      else if (required) return undefined;
    }
    return value;
  }
  return undefined;
}

export interface PlannedQuery {
  document: string;
  variables: Record<string, unknown>;
}

/** A query for `field` with every required argument filled, or undefined when one cannot be. */
export function planQuery(
  capabilities: SchemaCapabilities,
  field: FieldInfo,
  depth = 2,
): PlannedQuery | undefined {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const call: string[] = [];
  for (const arg of field.args) {
    const required = arg.type.kind === 'NON_NULL' && arg.defaultValue === null;
    const wantsPage = /^(first|limit)$/.test(arg.name);
    if (!required && !wantsPage) continue;
    const value = defaultValue(capabilities, arg);
    if (value === undefined) {
      if (required) return undefined;
      continue;
    }
    variables[arg.name] = value;
    declarations.push(`$${arg.name}: ${printTypeRef(arg.type)}`);
    call.push(`${arg.name}: $${arg.name}`);
  }
  const target = namedType(field.type);
  const leaf = target.kind === 'SCALAR' || target.kind === 'ENUM';
  const shape = capabilities.listShape(field);
  const selection = leaf
    ? ''
    : shape.kind === 'connection'
      ? ` { edges { node { ${capabilities.selection(shape.itemType, undefined, depth)} } } }`
      : ` { ${capabilities.selection(target.name, undefined, depth)} }`;
  return {
    document: `query Dashboard_${field.name}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}${call.length ? `(${call.join(', ')})` : ''}${selection} }`,
    variables,
  };
}

export interface ApiPanelProps {
  field: FieldInfo;
  title?: string;
  /** Draw charts (metrics, training) or cards (escalations, crises). */
  view: 'charts' | 'cards';
  depth?: number;
}

/** Queries one API field and shows what it returns, as charts or as cards. */
export function ApiPanel({ field, title, view, depth = 2 }: ApiPanelProps) {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  const plan = useMemo(() => planQuery(capabilities, field, depth), [capabilities, field, depth]);
  const [result, reexecute] = useQuery({
    query: plan?.document ?? 'query DashboardNothing { __typename }',
    variables: plan?.variables ?? {},
    pause: !plan,
  });
  useLiveUpdates(capabilities, () => reexecute({ requestPolicy: 'network-only' }), 15_000);
  const value = (result.data as Record<string, unknown> | undefined)?.[field.name];
  const charts = useMemo(
    () => (view === 'charts' ? chartify(title ?? field.name, value) : []),
    [view, title, field.name, value],
  );

  return (
    <div className="panel api-panel" data-testid="api-panel" data-field={field.name}>
      <h2>{title ?? field.name}</h2>
      {!plan ? <p className="hint">Query.{field.name} needs arguments the dashboard cannot choose.</p> : null}
      {result.error ? <ErrorNote error={result.error} /> : null}
      {result.fetching && value === undefined ? <p>{t('loading')}</p> : null}
      {view === 'charts' ? (
        <div className="chart-grid">
          {charts.map((chart) => (
            <figure key={chart.title}>
              <figcaption>{chart.title}</figcaption>
              <Chart option={chart.option} />
            </figure>
          ))}
          {value !== undefined && charts.length === 0 ? <p className="empty">{t('none')}</p> : null}
        </div>
      ) : (
        <Cards value={value} />
      )}
    </div>
  );
}

const levelColours: Record<string, string> = {
  IV: 'blue',
  III: 'yellow',
  II: 'orange',
  I: 'red',
  BLUE: 'blue',
  YELLOW: 'yellow',
  ORANGE: 'orange',
  RED: 'red',
};

function Cards({ value }: { value: unknown }) {
  const { t } = useLanguage();
  if (value === undefined || value === null) return null;
  const items = Array.isArray(value)
    ? value
    : Array.isArray((value as { edges?: unknown[] }).edges)
      ? (value as { edges: Array<{ node: unknown }> }).edges.map((edge) => edge.node)
      : [value];
  if (items.length === 0) return <p className="empty">{t('none')}</p>;
  return (
    <div className="cards">
      {items.map((item, index) => (
        <div className="card" key={String((item as { id?: string }).id ?? index)} data-testid="api-card">
          <Value value={item} depth={0} />
        </div>
      ))}
    </div>
  );
}

/** Shows any value the API returned, with special treatment for names that mean something here. */
function Value({ value, depth, name }: { value: unknown; depth: number; name?: string }): ReactNode {
  const now = useNow();
  if (value === null || value === undefined) return <span className="hint">—</span>;
  if (typeof value !== 'object') {
    const text = String(value);
    if (name && /level/i.test(name) && levelColours[text.toUpperCase()]) {
      return <span className={`level level-${levelColours[text.toUpperCase()]}`}>{text}</span>;
    }
    if (name && /dueAt$/.test(name)) return <Countdown dueAt={text} now={now} />;
    return <span>{text}</span>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="hint">—</span>;
    return (
      <ul className="value-list">
        {value.map((item, index) => (
          <li key={String((item as { id?: string })?.id ?? index)}>
            <Value value={item} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  const record = value as Record<string, unknown>;
  if (record.__typename === 'Complaint' && typeof record.id === 'string') {
    return (
      <Link to={`/complaints/${encodeURIComponent(record.id)}`}>
        {String((record.customer as { name?: string } | undefined)?.name ?? record.id)} ·{' '}
        {String(record.state ?? '')}
      </Link>
    );
  }
  return (
    <dl className={depth === 0 ? 'facts' : 'facts nested'}>
      {Object.entries(record)
        .filter(([key]) => key !== '__typename')
        .map(([key, inner]) => (
          <div key={key} className="fact">
            <dt>{key}</dt>
            <dd>
              <Value value={inner} depth={depth + 1} name={key} />
            </dd>
          </div>
        ))}
    </dl>
  );
}
