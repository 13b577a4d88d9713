import { Anchor, Code, List, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The Markdown that AsyncAPI descriptions use in practice — paragraphs, bullet and numbered lists,
 * tables, fenced code, `code`, **bold**, *emphasis* and [links](https://…) — drawn as React
 * elements, never as HTML, so a description cannot inject markup. Headings become bold lines (the
 * page's heading order is the viewer's). Anything else shows as the text it is.
 */
export function Markdown({ source, size }: { source: string; size?: 'sm' }) {
  return <>{blocks(source).map((block, index) => renderBlock(block, index, size))}</>;
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'code'; text: string };

const listItem = /^\s{0,3}([*+-]|\d+[.)])\s+(.*)$/;
const tableSeparator = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

function blocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const result: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (!line.trim()) {
      index++;
    } else if (line.trimStart().startsWith('```')) {
      const body: string[] = [];
      for (index++; index < lines.length && !(lines[index] ?? '').trimStart().startsWith('```'); index++) {
        body.push(lines[index] ?? '');
      }
      index++;
      result.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,6}\s/.test(line)) {
      result.push({ kind: 'heading', text: line.replace(/^#+\s*/, '') });
      index++;
    } else if (line.trimStart().startsWith('|') && tableSeparator.test(lines[index + 1] ?? '')) {
      const header = cells(line);
      const rows: string[][] = [];
      for (index += 2; index < lines.length && (lines[index] ?? '').trimStart().startsWith('|'); index++) {
        rows.push(cells(lines[index] ?? ''));
      }
      result.push({ kind: 'table', header, rows });
    } else if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (index < lines.length) {
        const current = lines[index] ?? '';
        const item = listItem.exec(current);
        if (item) items.push(item[2] ?? '');
        // An indented line continues the item above it.
        else if (/^\s+\S/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        else break;
        index++;
      }
      result.push({ kind: 'list', ordered, items });
    } else {
      const text: string[] = [];
      while (index < lines.length && (lines[index] ?? '').trim() && !startsBlock(lines, index)) {
        text.push((lines[index] ?? '').trim());
        index++;
      }
      result.push({ kind: 'paragraph', text: text.join(' ') });
    }
  }
  return result;
}

function startsBlock(lines: string[], index: number): boolean {
  const line = lines[index] ?? '';
  return (
    listItem.test(line) ||
    /^#{1,6}\s/.test(line) ||
    line.trimStart().startsWith('```') ||
    (line.trimStart().startsWith('|') && tableSeparator.test(lines[index + 1] ?? ''))
  );
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

function renderBlock(block: Block, key: number, size?: 'sm'): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return (
        <Text key={key} size={size} mb="xs">
          {inline(block.text)}
        </Text>
      );
    case 'heading':
      return (
        <Text key={key} size={size} fw={700} mb={4}>
          {inline(block.text)}
        </Text>
      );
    case 'list':
      return (
        <List key={key} type={block.ordered ? 'ordered' : 'unordered'} size={size} mb="xs" withPadding>
          {block.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are positional and may repeat
            <List.Item key={index}>{inline(item)}</List.Item>
          ))}
        </List>
      );
    case 'table':
      return (
        <Table.ScrollContainer key={key} minWidth={400} mb="xs">
          <Table withTableBorder fz={size}>
            <Table.Thead>
              <Table.Tr>
                {block.header.map((cell, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional and may repeat
                  <Table.Th key={column}>{inline(cell)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {block.rows.map((row, rowIndex) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and may repeat
                <Table.Tr key={rowIndex}>
                  {row.map((cell, column) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional and may repeat
                    <Table.Td key={column}>{inline(cell)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
    case 'code':
      return (
        <Code key={key} block mb="xs">
          {block.text}
        </Code>
      );
  }
}

const inlinePattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Inline code, bold, emphasis and links; links only to http(s) and mailto. */
function inline(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(inlinePattern)) {
    const [whole, code, bold, emphasis, label, href] = match;
    if (match.index > last) parts.push(text.slice(last, match.index));
    const key = match.index;
    if (code !== undefined) parts.push(<Code key={key}>{code}</Code>);
    else if (bold !== undefined) parts.push(<strong key={key}>{bold}</strong>);
    else if (emphasis !== undefined) parts.push(<em key={key}>{emphasis}</em>);
    else if (label !== undefined && href && /^(https?:|mailto:)/i.test(href)) {
      parts.push(
        <Anchor key={key} href={href} target="_blank" rel="noreferrer">
          {label}
        </Anchor>,
      );
    } else parts.push(whole);
    last = match.index + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
