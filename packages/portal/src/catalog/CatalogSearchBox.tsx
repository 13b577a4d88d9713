import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';

/** How long typing may pause before the list follows. */
const DEBOUNCE_MS = 300;

/**
 * The free-text filter. It keeps its own text while typing and writes it to the URL once the
 * typing pauses; a change of the URL from elsewhere (back/forward, "clear filters") shows up here.
 */
export function CatalogSearchBox(props: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(props.value);
  const written = useRef(props.value);
  const write = useDebouncedCallback((q: string) => {
    written.current = q.trim();
    props.onChange(q.trim());
  }, DEBOUNCE_MS);

  useEffect(() => {
    if (props.value !== written.current) {
      written.current = props.value;
      write.cancel();
      setText(props.value);
    }
  }, [props.value, write]);

  return (
    <TextInput
      label="Search"
      placeholder="Name, title, description, tags…"
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        write(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') write.flush();
      }}
      rightSection={
        text ? (
          <CloseButton
            aria-label="Clear the search"
            size="sm"
            onClick={() => {
              setText('');
              write('');
              write.flush();
            }}
          />
        ) : null
      }
      data-testid="catalog-search"
    />
  );
}
