import { describe, expect, it } from 'vitest';
import { createCleanupStack } from './cleanup.ts';

describe('cleanup stack', () => {
  it('runs newest first, keeps going after a failure, and reports what failed', async () => {
    const order: string[] = [];
    const logged: string[] = [];
    const stack = createCleanupStack({ log: (line) => logged.push(line) });
    stack.defer('remove folder', () => void order.push('folder'));
    stack.defer('drop database', () => {
      order.push('database');
      throw new Error('boom');
    });
    stack.defer('stop server', async () => void order.push('server'));
    expect(await stack.runAll()).toEqual(['drop database']);
    expect(order).toEqual(['server', 'database', 'folder']);
    expect(logged).toEqual(['cleanup: drop database failed: boom']);
    expect(await stack.runAll()).toEqual([]);
  });

  it('runs a step run early only once', async () => {
    let runs = 0;
    const stack = createCleanupStack();
    const stop = stack.defer('stop', () => void runs++);
    expect(await stop()).toBe(true);
    expect(await stop()).toBe(true);
    await stack.runAll();
    expect(runs).toBe(1);
  });

  it('bounds a step that hangs', async () => {
    const stack = createCleanupStack({ stepTimeoutMs: 50, log: () => {} });
    stack.defer('hang', () => new Promise(() => {}));
    expect(await stack.runAll()).toEqual(['hang']);
  });
});
