import { parentPort } from 'node:worker_threads';
import { type ReadDescriptorJob, readDescriptor } from './read-descriptor.ts';

interface Request {
  id: number;
  job: ReadDescriptorJob;
}

parentPort!.on('message', (request: Request) => {
  readDescriptor(request.job).then(
    (result) => parentPort!.postMessage({ id: request.id, result }),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        result: {
          status: 'unreadable',
          message: `Internal error while reading ${request.job.path}: ${String(error)}`,
        },
      }),
  );
});
