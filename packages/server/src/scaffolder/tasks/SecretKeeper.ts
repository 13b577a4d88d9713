/**
 * The secrets of tasks, in this process's memory only: they are never written to the database.
 * A task with secrets is claimed only by the worker of the process that holds them; after that
 * process stops, the task cannot run and its user retries it with the secrets again.
 */
export class SecretKeeper {
  readonly #secrets = new Map<string, Record<string, string>>();

  put(taskId: string, secrets: Record<string, string>): void {
    this.#secrets.set(taskId, secrets);
  }

  get(taskId: string): Record<string, string> | undefined {
    return this.#secrets.get(taskId);
  }

  delete(taskId: string): void {
    this.#secrets.delete(taskId);
  }
}
