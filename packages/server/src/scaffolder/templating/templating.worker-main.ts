import { type MessagePort, workerData } from 'node:worker_threads';
import { renderInSandbox, type SandboxOptions } from './sandbox.ts';

/** A render request from SecureTemplater; the answer goes back on the port, then `signal` is raised. */
interface Request {
  options: SandboxOptions;
  request: string;
  timeoutMs: number;
}

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);

port.on('message', (message: Request) => {
  let answer: string;
  try {
    answer = renderInSandbox(message.options, message.request, message.timeoutMs);
  } catch (error) {
    answer = JSON.stringify({ error: `Template rendering failed: ${(error as Error).message}` });
  }
  port.postMessage(answer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
