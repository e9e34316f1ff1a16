import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin, Repeater } from 'graphql-yoga';
import type { KefuContext } from './context.js';

/** setTimeout's ceiling (about 24.8 days); a longer wait is re-armed. */
const longestTimeout = 2_147_483_647;

function expiredResult(): ExecutionResult {
  return {
    errors: [
      new GraphQLError('The bearer token has expired: subscribe again with a fresh token', {
        extensions: { code: 'UNAUTHENTICATED', reason: 'expired' },
      }),
    ],
  };
}

/**
 * A subscription's results until its token's expiry on `now`'s clock: an event arriving later is not sent;
 * instead one last result says the token expired (UNAUTHENTICATED, reason `expired`) and the stream ends.
 * An idle stream ends the same way when the expiry passes.
 */
export function untilExpiry(
  source: AsyncIterable<ExecutionResult>,
  expiresAt: Date,
  now: () => Date,
): AsyncIterableIterator<ExecutionResult> {
  return new Repeater<ExecutionResult>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expire = async () => {
      await push(expiredResult());
      stop();
    };
    const arm = () => {
      const remaining = expiresAt.getTime() - now().getTime();
      if (remaining <= 0) {
        void expire();
        return;
      }
      timer = setTimeout(arm, Math.min(remaining, longestTimeout));
      timer.unref?.();
    };
    arm();
    const stopped = stop.then(() => ({ done: true as const, value: undefined }));
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), stopped]);
        if (next.done) break;
        if (now().getTime() >= expiresAt.getTime()) {
          await expire();
          break;
        }
        await push(next.value);
      }
    } catch (error) {
      stop(error);
    } finally {
      clearTimeout(timer);
      stop();
      await iterator.return?.();
    }
  });
}

/** Ends every subscription when the bearer token it was opened with expires (the client re-subscribes). */
export function useSubscriptionExpiry(): Plugin<KefuContext> {
  return {
    onSubscribe({ args }) {
      const { tokenExpiresAt, now } = args.contextValue;
      if (!tokenExpiresAt) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(untilExpiry(result, tokenExpiresAt, now));
        },
      };
    },
  };
}
