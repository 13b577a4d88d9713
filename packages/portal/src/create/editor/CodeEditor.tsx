import { Anchor } from '@mantine/core';
import { type CSSProperties, type KeyboardEvent, useMemo, useRef } from 'react';
import classes from './CodeEditor.module.css';

const INDENT = '  ';

/**
 * A plain-text code editor: a textarea with line numbers, a monospace font and YAML-friendly
 * keys: Tab and Shift-Tab indent and outdent (the selected lines, or at the cursor), Enter keeps
 * the indentation. Escape, then Tab, leaves the editor, so the keyboard is never trapped.
 * No editor library: nothing to load, nothing the CSP would refuse.
 */
export function CodeEditor(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  label: string;
  /** Ids of the texts that describe the editor (help, errors). */
  describedBy?: string;
  /** 1-based line to mark in the gutter (a parse error). */
  errorLine?: number;
  height?: number | string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const leaveOnTab = useRef(false);
  const lines = useMemo(() => props.value.split('\n').length, [props.value]);

  /** Replaces start..end with text as typing would (undo keeps working where the browser can). */
  const replace = (start: number, end: number, text: string, select?: [number, number]) => {
    const el = area.current;
    if (!el) return;
    el.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; it is absent or refused in some environments.
    const typed =
      typeof document.execCommand === 'function' && document.execCommand('insertText', false, text);
    if (!typed) {
      el.setRangeText(text, start, end, 'end');
      props.onChange(el.value);
    }
    if (select) el.setSelectionRange(select[0], select[1]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const el = event.currentTarget;
    if (event.key === 'Escape') {
      leaveOnTab.current = true;
      return;
    }
    if (event.key === 'Tab' && leaveOnTab.current) {
      leaveOnTab.current = false;
      return;
    }
    leaveOnTab.current = false;
    const { selectionStart: start, selectionEnd: end, value } = el;
    if (event.key === 'Tab') {
      event.preventDefault();
      const lineStart = value.lastIndexOf('\n', start - 1) + 1;
      if (start === end && !event.shiftKey) {
        replace(start, end, INDENT);
        return;
      }
      const block = value.slice(lineStart, end);
      const changed = block
        .split('\n')
        .map((line) => (event.shiftKey ? line.replace(/^ {1,2}/, '') : `${INDENT}${line}`))
        .join('\n');
      if (changed === block) return;
      const firstLineDelta = event.shiftKey
        ? -(block.length - block.replace(/^ {1,2}/, '').length)
        : INDENT.length;
      replace(lineStart, end, changed, [
        Math.max(lineStart, start + firstLineDelta),
        end + changed.length - block.length,
      ]);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const lineStart = value.lastIndexOf('\n', start - 1) + 1;
      const line = value.slice(lineStart, start);
      const indent = /^\s*(?:- )?/.exec(line)?.[0].replace('-', ' ') ?? '';
      const opens = /:\s*$/.test(line) ? INDENT : '';
      event.preventDefault();
      replace(start, end, `\n${indent}${opens}`);
    }
  };

  return (
    <div
      className={classes.root}
      data-invalid={props.errorLine ? true : undefined}
      style={
        {
          '--code-editor-height': typeof props.height === 'number' ? `${props.height}px` : props.height,
        } as CSSProperties
      }
    >
      <pre className={classes.gutter} ref={gutter} aria-hidden>
        {Array.from({ length: lines }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a line number is its own identity
          <div key={i} className={i + 1 === props.errorLine ? classes.errorLine : undefined}>
            {i + 1}
          </div>
        ))}
      </pre>
      <textarea
        ref={area}
        id={props.id}
        className={classes.input}
        value={props.value}
        aria-label={props.label}
        aria-describedby={props.describedBy}
        aria-invalid={props.errorLine ? true : undefined}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        onChange={(event) => props.onChange(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onScroll={(event) => {
          if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
        }}
      />
    </div>
  );
}

/** Puts the cursor of the editor `id` at a 1-based line and column, scrolled into view. */
export function goToPosition(id: string, line: number, column: number): void {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLTextAreaElement)) return;
  const lines = el.value.split('\n');
  const target = Math.min(Math.max(line, 1), lines.length);
  const offset =
    lines.slice(0, target - 1).reduce((sum, l) => sum + l.length + 1, 0) +
    Math.min(Math.max(column - 1, 0), lines[target - 1]?.length ?? 0);
  el.focus();
  el.setSelectionRange(offset, offset);
  const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
  el.scrollTop = Math.max(0, (target - 1) * lineHeight - el.clientHeight / 3);
}

/** "Line 3, column 5", which moves the editor's cursor there. */
export function PositionLink(props: { editorId: string; at: { line: number; column: number } }) {
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      className={classes.position}
      onClick={() => goToPosition(props.editorId, props.at.line, props.at.column)}
    >
      Line {props.at.line}, column {props.at.column}
    </Anchor>
  );
}
