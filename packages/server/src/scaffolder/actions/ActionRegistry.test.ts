import { describe, expect, it } from 'vitest';
import { ActionRegistry } from './ActionRegistry.ts';
import { createTemplateAction } from './types.ts';

const action = (id: string) =>
  createTemplateAction({
    id,
    description: id,
    supportsDryRun: true,
    schema: { input: { type: 'object' } },
    async handler() {},
  });

describe('ActionRegistry', () => {
  it('lists actions by id and refuses a second one with the same id', () => {
    const registry = new ActionRegistry([action('fs:delete'), action('debug:log')]);
    expect(registry.list().map((a) => a.id)).toEqual(['debug:log', 'fs:delete']);
    expect(registry.has('debug:log')).toBe(true);
    expect(() => registry.register(action('debug:log'))).toThrow(/already registered/);
  });

  it('names the actions it has when asked for one it has not, in words that hold without a server', () => {
    const registry = new ActionRegistry([action('fs:delete'), action('debug:log')]);
    expect(() => registry.get('fetch:rails')).toThrow(
      "Template action with ID 'fetch:rails' is not registered; the actions available here are: debug:log, fs:delete",
    );
  });
});
