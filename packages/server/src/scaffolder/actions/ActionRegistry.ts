import { ConflictError, NotFoundError } from '@paved/model';
import type { TemplateAction } from './types.ts';

/** The actions templates may use, by id. */
export class ActionRegistry {
  readonly #actions = new Map<string, TemplateAction>();

  constructor(actions: TemplateAction[] = []) {
    for (const action of actions) this.register(action);
  }

  register(action: TemplateAction): void {
    if (this.#actions.has(action.id))
      throw new ConflictError(`The action ${action.id} is already registered`);
    this.#actions.set(action.id, action);
  }

  has(id: string): boolean {
    return this.#actions.has(id);
  }

  get(id: string): TemplateAction {
    const action = this.#actions.get(id);
    if (!action) {
      throw new NotFoundError(
        `Template action with ID '${id}' is not registered; the actions available here are: ${this.list()
          .map((a) => a.id)
          .join(', ')}`,
      );
    }
    return action;
  }

  list(): TemplateAction[] {
    return [...this.#actions.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
