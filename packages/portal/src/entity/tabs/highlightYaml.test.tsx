import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { highlightYaml } from './highlightYaml.tsx';

function keysOf(yaml: string): string[] {
  const { container } = render(<pre>{highlightYaml(yaml)}</pre>);
  expect(container.textContent).toBe(`${yaml.replace(/\n$/, '')}\n`);
  return [...container.querySelectorAll('.paved-yaml-key')].map((el) => el.textContent ?? '');
}

describe('highlightYaml', () => {
  it('marks keys, list item keys and whole-line comments, keeping the text as it is', () => {
    const yaml =
      '# a comment\nmetadata:\n  name: x\n  links:\n    - url: https://x.example\n      title: "a: b"';
    expect(keysOf(yaml)).toEqual(['metadata', 'name', 'links', 'url', 'title']);
  });

  it('leaves the prose of a block scalar alone, and picks up keys after it', () => {
    const yaml =
      'description: >-\n  Owns this: and that\n  more: prose\n\n  still prose: yes\nspec:\n  type: service';
    expect(keysOf(yaml)).toEqual(['description', 'spec', 'type']);
  });
});
