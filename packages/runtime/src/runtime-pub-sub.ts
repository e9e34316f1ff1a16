import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

/** Topics the outbox publishes. Payloads carry the event sequence number: consumers de-duplicate and re-read by it. */
export const workflowTopics = {
  /** One per transition: `{ workflowId, kind, seq, type, state, version, at }`. */
  changed: 'workflow.changed',
  /** One per event a machine emitted: `{ workflowId, kind, seq, event }`. */
  emitted: 'workflow.emitted',
} as const;

export interface WorkflowChangedPayload {
  workflowId: string;
  kind: string;
  seq: number;
  /** The event type that made the change. */
  type: string;
  state: string;
  version: number;
  at: string;
}

export interface WorkflowEmittedPayload {
  workflowId: string;
  kind: string;
  seq: number;
  event: { type: string; [field: string]: unknown };
}

/**
 * Where the outbox publishes. `eventTarget` is what graphql-yoga's `createPubSub({ eventTarget })` takes;
 * each message arrives as a `CustomEvent` whose `type` is the topic and `detail` the payload.
 */
export interface RuntimePubSub {
  readonly engine: 'memory' | 'redis';
  readonly eventTarget: EventTarget;
  /** Resolves once the message is handed to the transport (Redis acknowledged it); rejects otherwise. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Resolves once every listener added so far is subscribed at the transport (Redis SUBSCRIBE acknowledged). */
  ready(): Promise<void>;
  /** Milliseconds for a round trip to the transport (Redis PING); 0 in process. Rejects when it does not answer. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export interface RuntimePubSubOptions {
  /** Redis connection string; when absent, messages stay in this process. */
  redisUrl?: string | undefined;
}

/** In-process pub/sub by default; Redis (`@graphql-yoga/redis-event-target` over ioredis) when `redisUrl` is set. */
export function createRuntimePubSub(options: RuntimePubSubOptions = {}): RuntimePubSub {
  if (!options.redisUrl) {
    const eventTarget = new EventTarget();
    return {
      engine: 'memory',
      eventTarget,
      async publish(topic, payload) {
        eventTarget.dispatchEvent(new CustomEvent(topic, { detail: payload }));
      },
      async ready() {},
      async ping() {
        return 0;
      },
      async close() {},
    };
  }
  const publishClient = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  // A subscriber connection may only send (un)subscribe/ping/quit: no ready check or client info on connect.
  const subscribeClient = new Redis(options.redisUrl, { enableReadyCheck: false, disableClientInfo: true });
  // ioredis reconnects by itself and failed publishes reject (the outbox retries them): log each new error once.
  let lastError: string | undefined;
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (error: Error) => {
      if (error.message !== lastError) console.error('kefu: redis:', error.message);
      lastError = error.message;
    });
  }
  // The event target fires SUBSCRIBE/UNSUBSCRIBE without handling their promises: one that races close()
  // ("Connection is closed") must not become an unhandled rejection, so hand it a client whose calls are handled.
  const guardedSubscribeClient = new Proxy(subscribeClient, {
    get(client, property, receiver) {
      const value = Reflect.get(client, property, receiver);
      if (property !== 'subscribe' && property !== 'unsubscribe') {
        return typeof value === 'function' ? value.bind(client) : value;
      }
      return (...topics: string[]) => {
        const answer = (value as (...names: string[]) => Promise<unknown>).apply(client, topics);
        answer.catch(() => undefined);
        return answer;
      };
    },
  });
  const target = createRedisEventTarget({ publishClient, subscribeClient: guardedSubscribeClient });
  const pending = new Set<Promise<unknown>>();
  const eventTarget = {
    addEventListener(topic: string, listener: Parameters<EventTarget['addEventListener']>[1]) {
      target.addEventListener(topic, listener as never);
      // Commands on one connection run in order: when this SUBSCRIBE is answered, the target's own one was too.
      const subscribed = subscribeClient.subscribe(topic).catch(() => undefined);
      pending.add(subscribed);
      void subscribed.finally(() => pending.delete(subscribed));
    },
    removeEventListener(topic: string, listener: Parameters<EventTarget['addEventListener']>[1]) {
      target.removeEventListener(topic, listener as never);
    },
    dispatchEvent(event: Event) {
      return target.dispatchEvent(event as never);
    },
  } as EventTarget;
  return {
    engine: 'redis',
    eventTarget,
    async publish(topic, payload) {
      // The event target's dispatchEvent does not wait; the outbox needs Redis' answer before marking delivered.
      await publishClient.publish(topic, JSON.stringify(payload));
    },
    async ready() {
      await Promise.all([...pending]);
    },
    async ping() {
      const began = performance.now();
      await publishClient.ping();
      return Math.round((performance.now() - began) * 100) / 100;
    },
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
