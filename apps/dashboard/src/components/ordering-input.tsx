import { type KeyboardEvent, useRef, useState } from 'react';
import { useLanguage } from '../i18n.js';
import { dropEntry, moveEntry } from '../quiz-answers.js';

/**
 * An ordering answer: drag a step to its place, or focus it and press Alt+↑ / Alt+↓ (the ↑ ↓ buttons do the
 * same for pointer users who cannot drag). The new place is announced to screen readers.
 */
export function OrderingInput({
  options,
  order,
  onChange,
  name,
}: {
  options: readonly { id: string; text: string }[];
  order: readonly string[];
  onChange: (order: string[]) => void;
  name: string;
}) {
  const { t } = useLanguage();
  const [dragging, setDragging] = useState<number>();
  const [announcement, setAnnouncement] = useState('');
  const handles = useRef<Array<HTMLButtonElement | null>>([]);
  const textOf = (id: string) => options.find((option) => option.id === id)?.text ?? id;

  const move = (index: number, delta: number) => {
    const next = moveEntry(order, index, delta);
    onChange(next);
    const to = Math.max(0, Math.min(order.length - 1, index + delta));
    setAnnouncement(`${textOf(order[index] ?? '')}: ${to + 1} / ${order.length}`);
    requestAnimationFrame(() => handles.current[to]?.focus());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(index, event.key === 'ArrowUp' ? -1 : 1);
  };

  return (
    <div className="ordering-input">
      <p className="hint" id={`${name}-hint`}>
        {t('orderHint')}
      </p>
      <ol className="ordering-list" aria-describedby={`${name}-hint`} data-testid="ordering-list">
        {order.map((id, index) => (
          <li
            key={id}
            draggable
            data-option-id={id}
            className={dragging === index ? 'dragging' : undefined}
            onDragStart={(event) => {
              setDragging(index);
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData('text/plain', String(index));
            }}
            onDragOver={(event) => event.preventDefault()}
            onDrop={(event) => {
              event.preventDefault();
              const from = Number(event.dataTransfer.getData('text/plain'));
              if (Number.isInteger(from)) onChange(dropEntry(order, from, index));
              setDragging(undefined);
            }}
            onDragEnd={() => setDragging(undefined)}
          >
            <span className="step-number">{index + 1}.</span>{' '}
            <button
              type="button"
              className="step-handle"
              ref={(element) => {
                handles.current[index] = element;
              }}
              aria-describedby={`${name}-hint`}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              {textOf(id)}
            </button>{' '}
            <button
              type="button"
              className="link"
              aria-label={t('moveUp', { text: textOf(id) })}
              disabled={index === 0}
              onClick={() => move(index, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="link"
              aria-label={t('moveDown', { text: textOf(id) })}
              disabled={index === order.length - 1}
              onClick={() => move(index, 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
