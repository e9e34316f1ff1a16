import { useState } from 'react';
import { type AvailableAction, actionEvent, actionLabel, mutationForAction } from '../action-mutations.js';
import { useApp } from '../app-context.js';
import { useLanguage } from '../i18n.js';
import { OperationForm } from './operation-form.js';

/**
 * The actions the signed-in role may take on one workflow, as buttons; each opens a form built from
 * the action's mutation, with the workflow's id filled in.
 */
export function ActionButtons({
  actions,
  workflowId,
  onDone,
}: {
  actions: readonly AvailableAction[];
  workflowId: string;
  onDone?: () => void;
}) {
  const { capabilities } = useApp();
  const { t } = useLanguage();
  const [acting, setActing] = useState<string>();
  const fixed = {
    id: workflowId,
    complaintId: workflowId,
    escalationId: workflowId,
    crisisId: workflowId,
    workflowId,
  };
  return (
    <div className="action-buttons">
      {actions.map((action) => {
        const event = actionEvent(action);
        const mutation = mutationForAction(capabilities, action);
        const label = actionLabel(action);
        return (
          <div key={event} className="action">
            <button
              type="button"
              className={acting === event ? 'primary active' : 'primary'}
              data-testid="action-button"
              data-event={event}
              disabled={!mutation}
              title={mutation ? `${event} → ${mutation.name}` : `${t('noMutationFor')} ${event}`}
              onClick={() => setActing(acting === event ? undefined : event)}
            >
              {label ?? event}
            </button>{' '}
            <code className="hint">{event}</code>
            {!mutation ? (
              <small>
                {' '}
                {t('noMutationFor')} <code>{event}</code>
              </small>
            ) : null}
            {acting === event && mutation ? (
              <OperationForm
                capabilities={capabilities}
                mutation={mutation}
                fixed={fixed}
                onCancel={() => setActing(undefined)}
                onDone={() => {
                  setActing(undefined);
                  onDone?.();
                }}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
