import { Badge, Group, Highlight, Stack, Text, UnstyledButton } from '@mantine/core';
import { SpotlightAction } from '@mantine/spotlight';
import type { DocsSearchResult, SearchResult } from '@paved/client';
import { IconFileText } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { shortRef } from '../catalog/entityFields.ts';
import { KindIcon } from '../components/KindIcon.tsx';
import classes from './SearchPalette.module.css';

/** Props every palette item carries so that the list is a proper ARIA listbox. */
export interface OptionProps {
  id: string;
  selected: boolean;
  onTrigger: () => void;
}

/**
 * One item of the palette; Enter or a click triggers it. Spotlight.Action drops the `id` an
 * option needs for aria-activedescendant, so this is the same button, styled by the same class:
 * `data-action` is what Mantine's arrow keys walk, `data-selected` what Enter clicks.
 */
export function PaletteAction(props: OptionProps & { children: ReactNode; testId: string }) {
  return (
    <UnstyledButton
      id={props.id}
      role="option"
      aria-selected={props.selected}
      data-action
      data-selected={props.selected || undefined}
      tabIndex={-1}
      className={`${SpotlightAction.classes.action} ${classes.action}`}
      // Keeps the focus in the search field when an item is clicked.
      onMouseDown={(event) => event.preventDefault()}
      onClick={props.onTrigger}
      data-testid={props.testId}
    >
      {props.children}
    </UnstyledButton>
  );
}

/** An entity found by the search: what it is, whose it is, and why it matched. */
export function SearchResultAction(props: OptionProps & { result: SearchResult; words: string[] }) {
  const { result, words } = props;
  const label = result.title ?? result.name;
  return (
    <PaletteAction {...props} testId="search-result">
      <Group gap="sm" wrap="nowrap" align="flex-start" w="100%">
        <Text component="span" mt={2} className={classes.secondary}>
          <KindIcon kind={result.kind} size={20} />
        </Text>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={8} wrap="nowrap">
            <Highlight component="span" highlight={words} fw={600} size="sm" truncate="end">
              {label}
            </Highlight>
            <Text component="span" size="xs" className={classes.secondary} truncate="end">
              {result.ref}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Badge size="xs" variant="default" tt="none">
              {result.kind}
            </Badge>
            {result.specType ? (
              <Badge size="xs" variant="default" tt="none">
                {result.specType}
              </Badge>
            ) : null}
            {result.owner ? (
              <Text component="span" size="xs" className={classes.secondary} truncate="end">
                {shortRef(result.owner)}
              </Text>
            ) : null}
          </Group>
          {result.description ? (
            <Highlight
              component="span"
              highlight={words}
              size="xs"
              className={classes.secondary}
              lineClamp={2}
            >
              {result.description}
            </Highlight>
          ) : null}
        </Stack>
      </Group>
    </PaletteAction>
  );
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The server's snippet (escaped text, matches in <mark>) as React nodes: it is never put into
 * the page as HTML, so nothing but the marks can come through.
 */
export function snippetNodes(snippet: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let marked = false;
  let offset = 0;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    offset += part.length;
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = part.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
      nodes.push(marked ? <mark key={offset}>{text}</mark> : text);
    }
  }
  return nodes;
}

/** A page of docs found by the search: its title, whose docs, and the text around the match. */
export function DocsResultAction(props: OptionProps & { result: DocsSearchResult; words: string[] }) {
  const { result, words } = props;
  return (
    <PaletteAction {...props} testId="search-docs-result">
      <Group gap="sm" wrap="nowrap" align="flex-start" w="100%">
        <Text component="span" mt={2} className={classes.secondary}>
          <IconFileText size={20} aria-hidden />
        </Text>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={8} wrap="nowrap">
            <Highlight component="span" highlight={words} fw={600} size="sm" truncate="end">
              {result.title}
            </Highlight>
            <Text component="span" size="xs" className={classes.secondary} truncate="end">
              {result.siteName}
            </Text>
          </Group>
          <Text
            component="span"
            size="xs"
            className={`${classes.secondary} ${classes.snippet}`}
            lineClamp={2}
          >
            {snippetNodes(result.snippet)}
          </Text>
        </Stack>
      </Group>
    </PaletteAction>
  );
}
