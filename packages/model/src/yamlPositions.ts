import { type Document, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments } from 'yaml';
import type { DescriptorError } from './descriptor.ts';
import { LineIndex } from './lineIndex.ts';

/**
 * Maps a field path (`spec.owner`, `metadata.tags.2`) to a line and column in the YAML source,
 * using the `yaml` package's syntax tree. Only used for documents that have errors, so the
 * re-parse it may need costs nothing on the happy path.
 */
export class YamlPositions {
  private documents: Document.Parsed[] | undefined;
  private readonly lines: LineIndex;

  constructor(
    private readonly text: string,
    documents?: Document.Parsed[],
    lines?: LineIndex,
  ) {
    this.documents = documents;
    this.lines = lines ?? new LineIndex(text);
  }

  private document(index: number): Document.Parsed | undefined {
    if (!this.documents) {
      try {
        const parsed = parseAllDocuments(this.text, { merge: false, prettyErrors: false });
        this.documents = Array.isArray(parsed) ? parsed : [];
      } catch {
        this.documents = [];
      }
    }
    return this.documents[index];
  }

  /**
   * The position of the deepest node of `path` that exists: the value itself, or its key when
   * `atKey` (for errors about the key) or when the path ends at a field that is missing.
   */
  locate(documentIndex: number, path: string, atKey: boolean): { line: number; column: number } | undefined {
    const document = this.document(documentIndex);
    if (!document?.contents) {
      return undefined;
    }
    const segments = path === '' ? [] : path.split('.');
    let node: unknown = document.contents;
    let keyNode: Node | undefined;
    let found = true;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      if (isMap(node)) {
        // Keys may contain dots (annotation keys do): match the longest key first.
        let matched: { key: Node | undefined; value: unknown; used: number } | undefined;
        for (const pair of node.items) {
          if (!isPair(pair)) {
            continue;
          }
          const key = isScalar(pair.key) ? String(pair.key.value ?? '') : undefined;
          if (key === undefined) {
            continue;
          }
          for (let j = segments.length; j > i; j--) {
            if (segments.slice(i, j).join('.') === key && (!matched || j - i > matched.used)) {
              matched = { key: pair.key as Node, value: pair.value, used: j - i };
              break;
            }
          }
        }
        if (!matched) {
          found = false;
          break;
        }
        keyNode = matched.key;
        node = matched.value;
        i += matched.used - 1;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) {
          found = false;
          break;
        }
        keyNode = undefined;
        node = item;
      } else {
        found = false;
        break;
      }
    }
    const target = (atKey || !found) && keyNode ? keyNode : (node as Node | null);
    const offset = target?.range?.[0] ?? (keyNode?.range?.[0] as number | undefined);
    return offset === undefined ? undefined : this.lines.position(offset);
  }
}

/** Errors whose position is best shown at the key rather than the value. */
export function pointsAtKey(error: DescriptorError): boolean {
  return (
    error.rule === 'root-field' ||
    / key "/.test(error.message.slice(0, 200)) ||
    (error.rule === 'schema' && error.message.startsWith('Unknown field'))
  );
}
