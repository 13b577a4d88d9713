/**
 * A linear scan that finds YAML nested far too deeply, before the `yaml` package's parser sees
 * it: that parser slows down with the depth times the size (4 MB of `[` takes half a minute), so
 * a hostile file could otherwise stall a reader. The scan tracks flow brackets that open
 * collections (not those inside quoted or plain scalars, comments or block scalars) and block
 * indentation levels with compact `- ` items. It approximates the real depth closely enough to
 * be used with a generous limit; the exact limit is enforced on the parsed tree afterwards.
 *
 * Hand-written because no library offers a bounded-cost nesting check for YAML.
 */
export function findExcessiveNesting(text: string, limit: number): number {
  let flowDepth = 0;
  const indents: number[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    // Start of a line, outside flow collections: measure indentation and compact items.
    let indent = 0;
    while (i < length && text[i] === ' ') {
      indent++;
      i++;
    }
    if (flowDepth === 0) {
      const c = text[i];
      if (c !== '\n' && c !== '\r' && c !== '#' && c !== undefined) {
        while (indents.length && (indents[indents.length - 1] as number) >= indent) {
          indents.pop();
        }
        indents.push(indent);
        // Compact nested items on one line: `- - - x`.
        while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
          indents.push(indent + 1);
          i += 2;
          indent += 2;
          while (text[i] === ' ') {
            i++;
            indent++;
          }
        }
        if (indents.length > limit) {
          return i;
        }
      }
    }
    // Rest of the line.
    let scalarCanStart = true;
    while (i < length && text[i] !== '\n') {
      const c = text[i] as string;
      if ((c === '"' || c === "'") && scalarCanStart) {
        i = skipQuoted(text, i);
        scalarCanStart = false;
        continue;
      }
      if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        while (i < length && text[i] !== '\n') {
          i++;
        }
        break;
      }
      if ((c === '|' || c === '>') && scalarCanStart && flowDepth === 0) {
        i = skipBlockScalar(text, i, indent);
        break;
      }
      if ((c === '[' || c === '{') && (scalarCanStart || flowDepth > 0)) {
        flowDepth++;
        if (flowDepth + indents.length > limit) {
          return i;
        }
        scalarCanStart = true;
      } else if ((c === ']' || c === '}') && flowDepth > 0) {
        flowDepth--;
        scalarCanStart = false;
      } else if (c === ',' && flowDepth > 0) {
        scalarCanStart = true;
      } else if (c === ':' || c === '-' || c === '?') {
        const next = text[i + 1];
        scalarCanStart =
          next === ' ' || next === '\t' || next === '\n' || next === undefined || flowDepth > 0;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') {
        scalarCanStart = false;
      }
      i++;
    }
    i++;
  }
  return -1;
}

/** Index just past a quoted scalar starting at `start` (which may span lines). */
function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (quote === '"' && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return i;
}

/** Index of the newline ending the last line of a block scalar whose header is at `start`. */
function skipBlockScalar(text: string, start: number, parentIndent: number): number {
  let i = text.indexOf('\n', start);
  while (i !== -1 && i + 1 < text.length) {
    let j = i + 1;
    let indent = 0;
    while (text[j] === ' ') {
      indent++;
      j++;
    }
    const c = text[j];
    const blank = c === '\n' || c === '\r' || c === undefined;
    if (!blank && indent <= parentIndent) {
      return i;
    }
    i = text.indexOf('\n', j);
  }
  return i === -1 ? text.length : i;
}
