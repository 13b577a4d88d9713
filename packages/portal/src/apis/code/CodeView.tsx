import { ActionIcon, Group, Text, Tooltip } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { IconCheck, IconCopy, IconTextWrap } from '@tabler/icons-react';
import { type CSSProperties, use, useMemo, useState } from 'react';
import type { SourceLanguage } from '../definition.ts';
import classes from './CodeView.module.css';
import { highlightLines, loadHighlighter } from './highlighter.ts';

const languageNames: Record<SourceLanguage, string> = {
  yaml: 'YAML',
  json: 'JSON',
  graphql: 'GraphQL',
  proto: 'Protocol Buffers',
  text: 'Plain text',
};

export interface CodeViewProps {
  code: string;
  language: SourceLanguage;
  /** Names the scrollable code region for screen readers, e.g. "Source of checkout-api". */
  label: string;
  /** A 1-based line to mark, e.g. where a parse error is. */
  markLine?: number;
  /** Offer a copy button (leave it out where a toolbar around already has one). */
  copyable?: boolean;
}

/**
 * Highlighted source with line numbers, a wrap toggle and a copy button. Suspends until the
 * highlighter is loaded (the first use downloads the Shiki chunk), so render it inside Suspense.
 */
export function CodeView({ code, language, label, markLine, copyable = true }: CodeViewProps) {
  const highlighter = use(loadHighlighter());
  const [wrap, setWrap] = useState(false);
  const clipboard = useClipboard({ timeout: 1500 });
  // A final newline would show as an empty numbered line.
  const source = code.endsWith('\n') ? code.slice(0, -1) : code;
  const lines = useMemo(() => highlightLines(highlighter, source, language), [highlighter, source, language]);
  const gutter = { '--gutter': `${String(lines.length).length}ch` } as CSSProperties;

  return (
    <div className={classes.root}>
      <Group className={classes.header} justify="space-between" px="sm" py={4} wrap="nowrap">
        <Text size="xs">
          {languageNames[language]} · {lines.length} {lines.length === 1 ? 'line' : 'lines'}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={wrap ? 'Do not wrap long lines' : 'Wrap long lines'}>
            <ActionIcon
              variant={wrap ? 'light' : 'subtle'}
              color="gray"
              aria-label="Wrap long lines"
              aria-pressed={wrap}
              onClick={() => setWrap((value) => !value)}
            >
              <IconTextWrap size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          {copyable ? (
            <Tooltip label={clipboard.copied ? 'Copied' : 'Copy'}>
              <ActionIcon
                variant="subtle"
                color={clipboard.copied ? 'teal' : 'gray'}
                aria-label={clipboard.copied ? 'Copied' : 'Copy source'}
                onClick={() => clipboard.copy(code)}
              >
                {clipboard.copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
      </Group>
      <section
        className={classes.scroll}
        aria-label={label}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
      >
        <pre className={classes.pre} data-wrap={wrap} style={gutter}>
          <code>
            {lines.map((tokens, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reordered
              <span key={index} className={classes.line} data-marked={index + 1 === markLine || undefined}>
                {tokens.map((token) => (
                  <span key={token.offset} className={classes.token} style={token.htmlStyle as CSSProperties}>
                    {token.content}
                  </span>
                ))}
                {'\n'}
              </span>
            ))}
          </code>
        </pre>
      </section>
    </div>
  );
}
