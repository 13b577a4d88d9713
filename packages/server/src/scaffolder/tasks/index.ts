export { SecretKeeper } from './SecretKeeper.ts';
export { TaskWorker, type TaskWorkerOptions, type TaskWorkerTimings } from './TaskWorker.ts';
export {
  createTaskService,
  type FindEntity,
  type SerializedTask,
  serializeTask,
  TaskNotifier,
  type TaskService,
} from './task.service.ts';
export { createTaskStore, type TaskEvent, type TaskRecord, type TaskStore } from './task.store.ts';
export { taskRoutes } from './tasks.routes.ts';
