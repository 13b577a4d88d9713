// Worker entry: TypeScript sources run through tsx (docs/adr/0003-how-typescript-runs.md), and a
// worker thread must register tsx's loader itself.
import { register } from 'tsx/esm/api';

register();
await import('./pglite.worker-main.ts');
