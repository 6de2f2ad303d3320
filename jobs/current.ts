import type { JobProducer } from "./producer";

// Shared through a global key because the Remix server build bundles its own copy of this module.
const KEY = Symbol.for("affiliate-hub.job-producer");
type Holder = { [KEY]?: JobProducer };

export function setCurrentProducer(producer: JobProducer | undefined): void {
  (globalThis as Holder)[KEY] = producer;
}

export function currentProducerOrThrow(): JobProducer {
  const producer = (globalThis as Holder)[KEY];
  if (!producer) throw new Error("No job producer in this process: start the app through server.ts");
  return producer;
}
