import { type ReactNode, useState } from 'react';
import { actionDocuments } from '../action-documents.js';
import { type AvailableAction, actionEvent, mutationForAction } from '../action-mutations.js';
import { useLanguage } from '../i18n.js';
import { complaintStepForms } from './complaint-step-forms.js';
import { OperationForm } from './operation-form.js';

/**
 * The actions the signed-in role may take on one workflow. With a `primaryEvent` (the procedure's next step),
 * that action is the one primary button and the others sit in a "more actions" menu; a primary step the role
 * may not take now is shown disabled with `blockedReason`. Each action opens a form built from its mutation,
 * with the workflow's id filled in; `contextFor` adds what the person deciding must see (the proposed plan).
 */
export function ActionButtons({
  actions,
  workflowId,
  primaryEvent,
  blockedReason,
  contextFor,
  initialFor,
  choicesFor,
  openFirst,
  onDone,
}: {
  actions: readonly AvailableAction[];
  workflowId: string;
  primaryEvent?: string;
  blockedReason?: string;
  contextFor?: (event: string) => ReactNode;
  /** Values a form starts with, by field path (the director's plan starts as the proposed one). */
  initialFor?: (event: string) => Record<string, string>;
  /** The action whose form is open when the buttons first show (a link to "merge" opens the merge form). */
  openFirst?: string;
  /** Fields a form picks from a list, by field path (the statement to approve or publish). */
  choicesFor?: (event: string) => Record<string, Array<{ value: string; label: string }>> | undefined;
  onDone?: () => void;
}) {
  const { t, label } = useLanguage();
  const [acting, setActing] = useState<string | undefined>(() =>
    openFirst && actions.some((action) => actionEvent(action) === openFirst) ? openFirst : undefined,
  );
  const fixed = {
    id: workflowId,
    complaintId: workflowId,
    escalationId: workflowId,
    crisisId: workflowId,
    workflowId,
  };
  const events = actions.map(actionEvent);
  const primary = primaryEvent && events.includes(primaryEvent) ? primaryEvent : undefined;
  const side = actions.filter((action) => actionEvent(action) !== primary);

  const button = (action: AvailableAction, className: string) => {
    const event = actionEvent(action);
    const mutation = mutationForAction(action);
    return (
      <button
        key={event}
        type="button"
        className={acting === event ? `${className} active` : className}
        data-testid="action-button"
        data-primary={className.includes('big') ? 'true' : undefined}
        data-event={event}
        disabled={!mutation}
        aria-expanded={acting === event}
        title={mutation ? undefined : t('noMutationFor')}
        onClick={() => setActing(acting === event ? undefined : event)}
      >
        {label('event', event)}
      </button>
    );
  };
  const actingAction = actions.find((action) => actionEvent(action) === acting);
  const actingMutation = actingAction ? mutationForAction(actingAction) : undefined;
  // The procedure's steps have forms written for them; any other action gets the form built from its input type.
  const StepForm = actingMutation ? complaintStepForms[actingMutation] : undefined;

  return (
    <div className="action-buttons">
      {primary ? (
        <div className="primary-step">{button(primary, 'primary big')}</div>
      ) : primaryEvent && blockedReason ? (
        <div className="primary-step">
          <button
            type="button"
            className="primary big"
            disabled
            data-testid="blocked-action"
            data-primary="true"
            data-event={primaryEvent}
            aria-describedby="primary-blocked"
          >
            {label('event', primaryEvent)}
          </button>
          <p id="primary-blocked" className="hint" data-testid="blocked-reason">
            {blockedReason}
          </p>
        </div>
      ) : null}
      {side.length > 0 && primaryEvent ? (
        <details className="side-actions" open={acting !== undefined && acting !== primary}>
          <summary>{t('moreActions')}</summary>
          <div className="side-list">{side.map((action) => button(action, 'secondary'))}</div>
        </details>
      ) : (
        <div className="side-list">{side.map((action) => button(action, 'primary'))}</div>
      )}
      {acting && actingMutation ? (
        <div className="action-form" data-event={acting}>
          <h3>{label('event', acting)}</h3>
          {StepForm ? (
            <StepForm
              complaintId={workflowId}
              context={contextFor?.(acting)}
              initial={initialFor?.(acting)}
              submitLabel={label('event', acting)}
              onCancel={() => setActing(undefined)}
              onDone={() => {
                setActing(undefined);
                onDone?.();
              }}
            />
          ) : (
            <OperationForm
              document={actionDocuments[actingMutation]!}
              fixed={fixed}
              context={contextFor?.(acting)}
              initial={initialFor?.(acting)}
              choices={choicesFor?.(acting)}
              submitLabel={label('event', acting)}
              onCancel={() => setActing(undefined)}
              onDone={() => {
                setActing(undefined);
                onDone?.();
              }}
            />
          )}
        </div>
      ) : null}
    </div>
  );
}
