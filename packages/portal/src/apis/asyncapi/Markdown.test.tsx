import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPortal } from '../../../test/render.tsx';
import { Markdown } from './Markdown.tsx';

describe('Markdown', () => {
  it('draws paragraphs, lists with continued items, tables and inline code', () => {
    const source = [
      'Published through an **outbox**.',
      '',
      '| Topic | Partitions |',
      '|---|---|',
      '| `orders.placed` | 24 |',
      '',
      '* keyed by SKU, so events of one product',
      '  arrive in order',
      '* at-least-once',
    ].join('\n');
    renderPortal(<Markdown source={source} />);
    expect(screen.getByText('outbox').tagName).toBe('STRONG');
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Partitions' })).toBeTruthy();
    expect(within(table).getByText('orders.placed').tagName).toBe('CODE');
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['keyed by SKU, so events of one product arrive in order', 'at-least-once']);
  });

  it('links only to http(s) and mailto, and never renders HTML', () => {
    renderPortal(<Markdown source={'[docs](https://x.example) [bad](javascript:alert(1)) <b>bold</b>'} />);
    expect(screen.getByRole('link', { name: 'docs' }).getAttribute('href')).toBe('https://x.example');
    expect(screen.queryByRole('link', { name: 'bad' })).toBeNull();
    expect(screen.getByText(/<b>bold<\/b>/)).toBeTruthy();
  });
});
