import { connect, type NatsConnection } from 'nats';
import type { Logger } from '../logger.js';

export interface Queue {
  connection: NatsConnection;
  /** A round trip to the NATS server; readiness uses it. */
  ping(): Promise<void>;
  /** Delivers pending messages, then closes. */
  close(): Promise<void>;
}

/** Connects to NATS, reconnecting forever if the server goes away later. */
export async function connectQueue(servers: string, name: string, logger: Logger): Promise<Queue> {
  const connection = await connect({ servers, name, maxReconnectAttempts: -1, reconnectTimeWait: 2_000 });
  void (async () => {
    for await (const status of connection.status()) logger.info({ nats: status.type }, 'NATS connection status');
  })();
  return {
    connection,
    async ping() {
      if (connection.isClosed()) throw new Error('the NATS connection is closed');
      await connection.flush();
    },
    close: () => connection.drain(),
  };
}
