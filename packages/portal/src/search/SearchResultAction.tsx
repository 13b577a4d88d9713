import { Badge, Group, Highlight, Stack, Text, UnstyledButton } from '@mantine/core';
import { SpotlightAction } from '@mantine/spotlight';
import type { SearchResult } from '@paved/client';
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
