import { describe, expect, it } from 'vitest';
import { cutYamlDocument } from './entity-source.service.ts';

const FILE = `# The team's services.
# Owned by payments.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: first
spec:
  type: service # a trailing comment
---
# The second one, with a comment of its own.
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: Second
  namespace: Payments
spec:
  type: openapi
  definition: |
    openapi: 3.0.0

---
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: third
...
`;

describe('cutYamlDocument', () => {
  it('cuts the first document with the comments above it, from line 1', () => {
    expect(cutYamlDocument(FILE, 0, 'component:default/first')).toEqual({
      line: 1,
      yaml: `# The team's services.
# Owned by payments.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: first
spec:
  type: service # a trailing comment
`,
    });
  });

  it('cuts a later document as written, without its --- line, and gives its first line', () => {
    const cut = cutYamlDocument(FILE, 1, 'api:payments/second');
    expect(cut?.line).toBe(10);
    expect(cut?.yaml).toBe(`# The second one, with a comment of its own.
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: Second
  namespace: Payments
spec:
  type: openapi
  definition: |
    openapi: 3.0.0
`);
    expect(FILE.split('\n')[(cut?.line ?? 0) - 1]).toBe('# The second one, with a comment of its own.');
  });

  it('counts empty documents as the parser does, and leaves out a ... end marker', () => {
    expect(cutYamlDocument(FILE, 3, 'group:default/third')).toEqual({
      line: 23,
      yaml: 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: third\n',
    });
  });

  it('finds the entity in another document when the file changed since it was read', () => {
    expect(cutYamlDocument(FILE, 0, 'group:default/third')?.line).toBe(23);
    expect(cutYamlDocument(FILE, 7, 'component:default/first')?.line).toBe(1);
  });

  it('answers undefined when no document declares the entity', () => {
    expect(cutYamlDocument(FILE, 0, 'component:default/gone')).toBeUndefined();
    expect(cutYamlDocument('', 0, 'component:default/first')).toBeUndefined();
    expect(cutYamlDocument('kind: [unclosed', 0, 'component:default/first')).toBeUndefined();
  });

  it('keeps Windows line endings as written', () => {
    const text =
      'kind: Component\r\nmetadata:\r\n  name: crlf\r\n---\r\nkind: Group\r\nmetadata:\r\n  name: g\r\n';
    expect(cutYamlDocument(text, 1, 'group:default/g')).toEqual({
      line: 5,
      yaml: 'kind: Group\r\nmetadata:\r\n  name: g\r\n',
    });
  });
});
