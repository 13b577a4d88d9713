import { Fragment, type ReactNode } from 'react';

const KEY_LINE = /^(\s*(?:-\s+)?)((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)):(?=\s|$)/;
const BLOCK_SCALAR = /:\s*[|>][+-]?\d*\s*$/;

/**
 * Colours keys and whole-line comments, line by line: enough to read a descriptor, without a
 * highlighter library in the entity page's chunk. Not a parser: trailing comments are left as
 * plain text; the lines of a block scalar (`description: >-`) are skipped so a colon in prose
 * does not look like a key.
 */
export function highlightYaml(yaml: string): ReactNode[] {
  let blockIndent = -1;
  // the document's final newline would show as an empty last line
  return yaml
    .replace(/\n$/, '')
    .split('\n')
    .map((line, i) => {
      const indent = line.length - line.trimStart().length;
      const inBlock = blockIndent >= 0 && (line.trim() === '' || indent > blockIndent);
      if (!inBlock) blockIndent = -1;
      let rest = line;
      const parts: ReactNode[] = [];
      if (!inBlock && /^\s*#/.test(line)) {
        parts.push(
          <span key="c" className="paved-yaml-comment">
            {line}
          </span>,
        );
        rest = '';
      } else if (!inBlock) {
        const key = KEY_LINE.exec(line);
        if (key) {
          parts.push(
            key[1],
            <span key="k" className="paved-yaml-key">
              {key[2]}
            </span>,
            ':',
          );
          rest = line.slice(key[0].length);
          // the block's lines are indented deeper than its key
          if (BLOCK_SCALAR.test(line)) blockIndent = key[1]?.length ?? 0;
        }
      }
      return (
        // lines never move, so their index is their identity
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Fragment key={i}>
          {parts}
          {rest}
          {'\n'}
        </Fragment>
      );
    });
}
