import type { Database } from "../../db/client";
import { trackCustomer } from "../customers/track-customer";
import { findClick } from "../links/find-click";
import { confirmSubscriberByEmail } from "../newsletter/confirm-subscriber";
import { subscribe } from "../newsletter/subscribe";
import { chooseProgram } from "./choose-program";
import { findNamedProgram } from "./find-named-program";
import type { NormalizedEvent } from "./normalized-event";
import { customerKeyOf, externalIdsOf, findCustomerByRef } from "./resolve-customer";

type CustomerEvent = Extract<NormalizedEvent, { type: "customer" }>;

/**
 * A signup or customer update: binds the customer when its evidence names a partner. In a newsletter program the
 * subscriber is also recorded and confirmed, so it counts toward its referrer's milestones.
 */
export async function applyCustomerEvent(db: Database, shopId: string, event: CustomerEvent): Promise<string | undefined> {
  const known = await findCustomerByRef(db, shopId, event.customer);
  const named = event.program ? await findNamedProgram(db, shopId, event.program) : undefined;
  if (event.program && !named) return `the shop has no ${event.program.id ? `program ${event.program.id}` : `${event.program.type} program`}`;
  const choice = named ? { program: named, referralKey: undefined } : await chooseProgram(db, shopId, event.evidence, known?.referrerPartnerId ?? null, null);
  if (!choice) return "the shop has no program yet";
  const click = await findClick(db, shopId, event.evidence.clickId);
  await trackCustomer(db, choice.program, {
    key: known?.key ?? customerKeyOf(event.customer),
    email: event.customer.email,
    name: event.customer.name,
    referralKey: click?.key ?? choice.referralKey ?? event.evidence.referralKey,
    couponCode: event.evidence.couponCodes[0],
    clickedAt: click?.clickedAt ?? (event.evidence.clickedAt ? new Date(event.evidence.clickedAt) : null),
    externalIds: externalIdsOf(event.customer),
    at: new Date(event.occurredAt),
  });
  // An email platform's subscriber event counts as a confirmed subscriber of the newsletter program.
  if (choice.program.type === "newsletter" && event.customer.email) {
    await subscribe(db, shopId, { programId: choice.program.id, email: event.customer.email, referralKey: event.evidence.referralKey });
    await confirmSubscriberByEmail(db, shopId, choice.program.id, event.customer.email);
  }
  return undefined;
}
