import { z } from "zod";
import { currentMailerOrThrow } from "../runtime/mailer/current-mailer";
import { defineJob } from "./definition";

/**
 * Sends one email through the configured transport, so no web request waits on SMTP. Retried with backoff
 * (about 8 minutes in all); a failed job is kept one day (its links expire long before that when they are
 * sign-in links). The log names no recipient and no content.
 */
export const sendEmailJob = defineJob({
  name: "send-email",
  queue: "mail",
  payload: z
    .object({
      to: z.email(),
      fromName: z.string().min(1).max(200),
      subject: z.string().min(1).max(300),
      text: z.string().min(1).max(20_000),
      html: z.string().min(1).max(50_000),
    })
    .strict(),
  options: { attempts: 6, backoff: { type: "exponential", delay: 15_000 }, removeOnFail: { age: 86_400 } },
  async handle(message, { log }) {
    const transport = currentMailerOrThrow();
    const { messageId } = await transport.send(message);
    log(`sent through ${transport.kind} (${messageId})`);
    return { messageId };
  },
});
