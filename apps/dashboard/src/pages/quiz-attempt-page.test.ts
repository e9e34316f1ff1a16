import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Client, Provider } from 'urql';
import { describe, expect, it } from 'vitest';
import { ItemPanel } from './quiz-attempt-page.js';

const client = new Client({ url: '/graphql', exchanges: [] });

type Item = Parameters<typeof ItemPanel>[0]['item'];

function render(item: Partial<Item> & Pick<Item, 'id' | 'type'>, askCertainty = false): string {
  const full: Item = {
    title: null,
    prompt: '请作答',
    version: 1,
    options: [],
    stems: [],
    choices: [],
    ...item,
  };
  return renderToStaticMarkup(
    createElement(
      Provider,
      { value: client },
      createElement(ItemPanel, {
        attemptId: 'attempt-1',
        item: full,
        position: 0,
        total: 3,
        maxTries: 3,
        askCertainty,
        earlierTries: 0,
        onNext: () => {},
        onFinish: () => {},
      }),
    ),
  );
}

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
const options = [
  { id: 'a', text: '客服' },
  { id: 'b', text: '主管' },
  { id: 'c', text: '经理' },
];

describe('an item of a quiz being taken', () => {
  it('offers a Chinese text box when the item is a script item', () => {
    const html = render({ id: 'greeting.opening', type: 'script' });
    expect(html).toContain('<textarea');
    expect(html).toContain('lang="zh-CN"');
  });

  it('offers one radio button per option, lettered from A, when the item is single choice', () => {
    const html = render({ id: 'complaint.first-owner', type: 'single-choice', options });
    expect(count(html, /type="radio" name="item-0-choice"/g)).toBe(3);
    expect(html).toContain('<strong>C.</strong> 经理');
  });

  it('offers check boxes when the item is multiple choice', () => {
    const html = render({ id: 'complaint.three-duties', type: 'multiple-choice', options });
    expect(count(html, /type="checkbox"/g)).toBe(3);
  });

  it('lists the steps with a move-up and a move-down button each when the item is an ordering', () => {
    const html = render({ id: 'complaint.steps-order', type: 'ordering', options });
    expect(count(html, /draggable="true"/g)).toBe(3);
    expect(html).toContain('aria-label="上移「主管」"');
    expect(html).toContain('aria-label="下移「主管」"');
  });

  it('offers a select of every choice for each stem when the item is a matching', () => {
    const html = render({
      id: 'complaint.step-owners',
      type: 'matching',
      stems: [
        { id: 'record', text: '记录' },
        { id: 'decide', text: '决策' },
      ],
      choices: options,
    });
    expect(count(html, /<select/g)).toBe(2);
    expect(count(html, /<option value="b">主管<\/option>/g)).toBe(2);
  });

  it('requires a certainty when the quiz marks certainty, and leaves it optional otherwise', () => {
    expect(count(render({ id: 'x', type: 'script' }, true), /required=""/g)).toBe(3);
    expect(render({ id: 'x', type: 'script' }, false)).toContain('(可不填)');
  });
});
