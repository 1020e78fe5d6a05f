/** The Worker's `queue` handler: one entry for both queues, told apart by the batch's queue name. */
import { openDb } from "../../adapters/d1/store.js";
import { loadConfig } from "../config.js";
import "../env.js";
import { consumeChecks, type ConsumerDeps } from "./consumer.js";
import { consumeDeadLetters } from "./dead-letter.js";
import type { Job } from "./jobs.js";

export function createQueueHandler(deps: ConsumerDeps): (batch: MessageBatch<Job>, env: Env) => Promise<void> {
  return async (batch, env) => {
    const config = loadConfig(env);
    const scope = { config, db: openDb(env.DB), env };
    if (batch.queue === config.deadLetterQueueName) await consumeDeadLetters(batch, scope, deps);
    else await consumeChecks(batch, scope, deps);
  };
}
