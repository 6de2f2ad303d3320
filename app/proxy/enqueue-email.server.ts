import type { EmailMessage } from "../../domain/mail/email-message";
import { currentProducerOrThrow } from "../../jobs/current";
import { sendEmailJob } from "../../jobs/send-email";

/** Hands a message to the send-email job; the request never waits on SMTP. Throws when Redis is down. */
export async function enqueueEmail(message: EmailMessage): Promise<void> {
  await currentProducerOrThrow().enqueue(sendEmailJob, message);
}
