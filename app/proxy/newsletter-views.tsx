import type { RewardSpec } from "../../db/schema/index";
import type { subscriberProgress } from "../../domain/newsletter/subscriber-progress";
import { formatMoney, PortalShell, type Messages } from "./portal-views";

export function rewardText(spec: RewardSpec, currency: string): string {
  if (spec.type === "percentage_discount") return `${spec.percentBasisPoints / 100}% off code`;
  if (spec.type === "fixed_discount") return `${formatMoney(spec.amount, currency)} off code`;
  if (spec.type === "store_credit") return `${formatMoney(spec.amount, currency)} store credit`;
  return "a reward";
}

export function JoinForm(props: { programName: string; pathPrefix: string; referralKey: string | null; email?: string } & Messages) {
  return (
    <PortalShell title={`Join ${props.programName}`} subtitle="Get our newsletter. Confirm your email and you get your own link to share." {...props}>
      <section>
        <form method="post" action={`${props.pathPrefix}/newsletter/join`}>
          {props.referralKey ? <input type="hidden" name="ref" value={props.referralKey} /> : null}
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" required maxLength={320} defaultValue={props.email} />
          <button type="submit">Subscribe</button>
        </form>
      </section>
    </PortalShell>
  );
}

export function SubscriberPage(props: { link: string; currency: string; progress: Awaited<ReturnType<typeof subscriberProgress>> } & Messages) {
  const { progress } = props;
  return (
    <PortalShell title="Your referrals" subtitle="Share your link: every friend who subscribes and confirms counts." {...props}>
      <section>
        <h2>Your link</h2>
        <div className="link">
          <input id="newsletter-link" readOnly value={props.link} aria-label="Referral link" />
          <button type="button" data-copy="newsletter-link">
            Copy
          </button>
        </div>
      </section>
      <div className="grid">
        <div className="stat">
          Confirmed referrals <b>{progress.confirmedReferrals}</b>
        </div>
      </div>
      <section>
        <h2>Rewards</h2>
        <table>
          <thead>
            <tr>
              <th>Referrals</th>
              <th>Reward</th>
              <th>Progress</th>
            </tr>
          </thead>
          <tbody>
            {progress.milestones.map((m) => (
              <tr key={m.referredCount}>
                <td>{m.referredCount}</td>
                <td>{rewardText(m.reward, props.currency)}</td>
                <td>
                  {m.code ? (
                    <>
                      Your code: <b>{m.code}</b>
                    </>
                  ) : m.status === "issued" ? (
                    "Issued"
                  ) : m.reached ? (
                    "Reached: your reward is on its way"
                  ) : (
                    `${m.referredCount - progress.confirmedReferrals} to go`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </PortalShell>
  );
}
