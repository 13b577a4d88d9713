import type { Readable } from 'node:stream';

interface RawReply {
  type(contentType: string): { send(payload?: unknown): unknown };
}

/**
 * Sends JSON text as it is. Entities are stored as served JSON; parsing and re-serialising them
 * on every read would be pure waste.
 */
export function sendRawJson(reply: RawReply, json: string | Readable): void {
  reply.type('application/json').send(json);
}
