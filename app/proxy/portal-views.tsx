import { liquidRoute } from "./liquid-route";
import type { ReactNode } from "react";
import type { PartnerDashboard } from "../../domain/portal/partner-dashboard";
import { creativeLink, creativeSnippet } from "../../domain/creatives/creative-snippet";
import { currencyExponent } from "../../domain/shared/money";
import type { Program } from "../../db/schema/rows";

const STYLE = `
.ah-portal{max-width:960px;margin:24px auto;padding:0 16px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff}
.ah-portal h1{font-size:26px;margin:0 0 4px}.ah-portal h2{font-size:18px;margin:0 0 12px}
.ah-portal .muted{color:#59636e}.ah-portal section{border:1px solid #d1d9e0;border-radius:8px;padding:16px;margin:16px 0}
.ah-portal .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.ah-portal .stat{border:1px solid #d1d9e0;border-radius:8px;padding:12px}.ah-portal .stat b{display:block;font-size:22px}
.ah-portal table{width:100%;border-collapse:collapse}.ah-portal th,.ah-portal td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef1f4}
.ah-portal th{font-weight:600;color:#59636e;font-size:13px}
.ah-portal label{display:block;margin:8px 0 4px;font-weight:600}
.ah-portal input,.ah-portal select{width:100%;max-width:420px;padding:8px;border:1px solid #c4cdd5;border-radius:6px;font:inherit;box-sizing:border-box}
.ah-portal button{margin-top:12px;padding:8px 16px;border:0;border-radius:6px;background:#1f2328;color:#fff;font:inherit;cursor:pointer}
.ah-portal form button{display:block}
.ah-portal .link{display:flex;gap:8px;align-items:center;margin:6px 0}.ah-portal .link input{flex:1;max-width:none}
.ah-portal .link button{margin:0;background:#f0f3f6;color:#1f2328;border:1px solid #c4cdd5}
.ah-portal .notice{background:#e7f5ec;border:1px solid #9bd4ad;padding:10px 12px;border-radius:6px}
.ah-portal .error{background:#fdecea;border:1px solid #f0a8a0;padding:10px 12px;border-radius:6px}
.ah-portal .signout{float:right}.ah-portal .signout button{margin:0;background:#f0f3f6;color:#1f2328;border:1px solid #c4cdd5}
.ah-portal .creative{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.4fr);gap:12px;align-items:start;margin:12px 0}
.ah-portal .creative img{max-width:100%;height:auto;border:1px solid #eef1f4}.ah-portal .creative textarea{width:100%;min-height:84px;font:12px/1.4 ui-monospace,monospace;box-sizing:border-box}
.ah-portal .badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#eef1f4;font-size:13px}
`;

const COPY_SCRIPT = `document.addEventListener("click",function(e){var b=e.target.closest("[data-copy]");if(!b)return;
var f=document.getElementById(b.getAttribute("data-copy"));f.select();
(navigator.clipboard?navigator.clipboard.writeText(f.value):Promise.reject()).catch(function(){document.execCommand("copy")});
b.textContent="Copied";setTimeout(function(){b.textContent="Copy"},1500)});`;

/** Integer minor units to "1,234.50 USD", exactly (no floating point). */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(amount).toString().padStart(exponent + 1, "0");
  const major = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+$)/g, ",");
  const minor = exponent ? `.${digits.slice(-exponent)}` : "";
  return `${amount < 0 ? "-" : ""}${major}${minor} ${currency}`;
}

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "");

/** A storefront URL of the portal; an email session rides along in the query (the app proxy drops cookies). */
export function portalUrl(pathPrefix: string, path: string, params: Record<string, string | undefined> = {}, session?: string | null): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  if (session) query.set("session", session);
  const search = query.toString();
  return `${pathPrefix}${path}${search ? `?${search}` : ""}`;
}

export interface Messages {
  notice?: string | null;
  error?: { message: string; field?: string | null } | null;
}

/**
 * With an email session, `signOut` is where the sign-out button posts (the URL carries the session). A page whose
 * URL holds a credential (a session, a sign-in link) keeps it out of the Referer headers sent to other sites.
 */
export function PortalShell(props: { title: string; subtitle?: string; signOut?: string | null; secretUrl?: boolean; children: ReactNode } & Messages) {
  return (
    <div className="ah-portal">
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      {props.signOut || props.secretUrl ? <meta name="referrer" content="no-referrer" /> : null}
      {props.signOut ? (
        <form method="post" action={props.signOut} className="signout">
          <button type="submit">Sign out</button>
        </form>
      ) : null}
      <h1>{props.title}</h1>
      {props.subtitle ? <p className="muted">{props.subtitle}</p> : null}
      {props.notice ? <p className="notice" role="status">{props.notice}</p> : null}
      {props.error ? (
        <p className="error" role="alert" data-field={props.error.field ?? undefined}>
          {props.error.message.charAt(0).toUpperCase() + props.error.message.slice(1)}
        </p>
      ) : null}
      {props.children}
      <script dangerouslySetInnerHTML={{ __html: COPY_SCRIPT }} />
    </div>
  );
}

export function LoginPrompt({ pathPrefix }: { pathPrefix: string }) {
  return (
    <PortalShell title="Partner program" subtitle="Earn a commission on every order you refer.">
      <section>
        <p>Log in to your customer account to apply or to see your partner dashboard.</p>
        <p>
          <a href={liquidRoute("account_login_url")}>Log in</a> or <a href={liquidRoute("account_register_url")}>create an account</a>
        </p>
      </section>
      <section>
        <p>No customer account? We can email you a one-time link instead.</p>
        <p>
          <a href={`${pathPrefix}/login`}>Sign in with your email</a> or <a href={`${pathPrefix}/signup`}>apply with your email</a>
        </p>
      </section>
    </PortalShell>
  );
}

export interface SignupFormProps extends Messages {
  programs: Program[];
  /** Where the form posts (with the email session in its query, when there is one). */
  action: string;
  /** The form token of a signed-in viewer; none for a visitor applying by email. */
  token?: string;
  /** The email of an email session: shown, not editable (it is the one they confirmed). */
  lockedEmail?: string;
  signOut?: string | null;
  values?: { email?: string; name?: string; program?: string };
}

export function SignupForm(props: SignupFormProps) {
  if (props.programs.length === 0) {
    return (
      <PortalShell title="Partner program" {...props}>
        <section>
          <p>This store has no partner program open to applications right now.</p>
        </section>
      </PortalShell>
    );
  }
  return (
    <PortalShell title="Become a partner" subtitle="Share your links and earn a commission on the orders they bring." {...props}>
      <section>
        <form method="post" action={props.action}>
          {props.token ? <input type="hidden" name="form_token" value={props.token} /> : null}
          {props.programs.length > 1 ? (
            <>
              <label htmlFor="program">Program</label>
              <select id="program" name="program" defaultValue={props.values?.program}>
                {props.programs.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <input type="hidden" name="program" value={props.programs[0]!.id} />
          )}
          <label htmlFor="name">Your name</label>
          <input id="name" name="name" maxLength={200} defaultValue={props.values?.name} />
          <label htmlFor="email">Email for partner messages and payouts</label>
          {props.lockedEmail ? (
            <input id="email" type="email" readOnly value={props.lockedEmail} />
          ) : (
            <input id="email" name="email" type="email" required maxLength={320} defaultValue={props.values?.email} />
          )}
          <p className="muted">
            {props.programs.length === 1 && props.programs[0]!.autoApprovePartners
              ? "You can start sharing your link as soon as you join."
              : "The store reviews applications; your links work once you are approved."}
            {props.token ? "" : " We email you a link to confirm your address; your application is made when you follow it."}
          </p>
          <button type="submit">Apply</button>
        </form>
      </section>
    </PortalShell>
  );
}

function CopyField({ id, value }: { id: string; value: string }) {
  return (
    <div className="link">
      <input id={id} readOnly value={value} aria-label="Referral link" />
      <button type="button" data-copy={id}>
        Copy
      </button>
    </div>
  );
}

function Table(props: { head: string[]; rows: ReactNode[][]; empty: string }) {
  if (props.rows.length === 0) return <p className="muted">{props.empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          {props.head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The merchant's banners, each with the HTML that embeds it with the partner's own referral link. */
function Creatives({ data, pathPrefix }: { data: PartnerDashboard; pathPrefix: string }) {
  if (data.creatives.length === 0) return null;
  return (
    <section>
      <h2>Banners</h2>
      <p className="muted">Paste the HTML on your site: the banner links to the store with your referral key.</p>
      {data.creatives.map((creative) => {
        const imageUrl = `https://${data.shopDomain}${pathPrefix}/creatives/${creative.id}`;
        const snippet = creativeSnippet(creative, imageUrl, creativeLink(data.shopDomain, creative, data.linkParam, data.partner.key));
        const id = `creative-${creative.id}`;
        return (
          <div className="creative" key={creative.id}>
            <img src={`${pathPrefix}/creatives/${creative.id}`} alt={creative.altText ?? creative.name} loading="lazy" />
            <div>
              <b>{creative.name}</b>
              <textarea id={id} readOnly value={snippet} aria-label={`HTML for ${creative.name}`} />
              <button type="button" data-copy={id}>
                Copy
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}

export interface DashboardProps extends Messages {
  data: PartnerDashboard;
  pathPrefix: string;
  /** The email session, kept in every link and form of the page; null for a customer login. */
  session: string | null;
  tokens: { payout: string; lead: string };
  memberships: { programId: string; name: string }[];
}

export function Dashboard({ data, pathPrefix, session, tokens, memberships, ...messages }: DashboardProps) {
  const href = (path: string, params: Record<string, string> = {}) => portalUrl(pathPrefix, path, params, session);
  const { partner, program } = data;
  const details = partner.payoutDetails;
  const hidden = (token: string) => (
    <>
      <input type="hidden" name="form_token" value={token} />
      <input type="hidden" name="program" value={program.id} />
    </>
  );
  return (
    <PortalShell title={`Hi ${partner.name || partner.email}`} subtitle={`${program.name} · your key ${partner.key}`} signOut={session ? href("/logout") : null} {...messages}>
      {memberships.length > 1 ? (
        <p>
          {memberships.map((m) => (
            <a key={m.programId} href={href("/portal", { program: m.programId })} style={{ marginRight: 12 }}>
              {m.name}
            </a>
          ))}
        </p>
      ) : null}
      {partner.status !== "active" ? (
        <p className="notice">
          {partner.status === "pending" ? "Your application is being reviewed. Your links start earning once the store approves it." : "Your partnership is suspended: your links do not earn commissions."}
        </p>
      ) : null}

      <section>
        <h2>Your links</h2>
        {data.links.flatMap((link) => link.urls.map((url, i) => <CopyField key={`${link.key}-${i}`} id={`link-${link.key}-${i}`} value={url} />))}
        <p className="muted">
          {program.cookieDays ? `A visit counts for ${program.cookieDays} days.` : "A visit counts for as long as the browser keeps it."}
          {data.coupons.length ? ` Your coupon codes: ${data.coupons.join(", ")}.` : ""}
        </p>
      </section>

      <Creatives data={data} pathPrefix={pathPrefix} />

      <div className="grid">
        <div className="stat">
          Clicks <b>{data.clicks.total}</b>
          <span className="muted">{data.clicks.last30Days} in 30 days</span>
        </div>
        <div className="stat">
          Referred customers <b>{data.customers.total}</b>
        </div>
        {(data.revenue.length ? data.revenue : [{ currency: "", amount: 0, orders: 0 }]).map((r) => (
          <div className="stat" key={`rev-${r.currency}`}>
            Revenue <b>{r.currency ? formatMoney(r.amount, r.currency) : "0"}</b>
            <span className="muted">{r.orders === 1 ? "1 order" : `${r.orders} orders`}</span>
          </div>
        ))}
        {data.balances.map((b) => (
          <div className="stat" key={`bal-${b.currency}`}>
            Balance <b>{formatMoney(b.payable + b.inPayout, b.currency)}</b>
            <span className="muted">
              {formatMoney(b.pending, b.currency)} pending{b.inPayout !== 0 ? `, ${formatMoney(b.inPayout, b.currency)} in a payout on its way` : ""}
            </span>
          </div>
        ))}
      </div>

      <section>
        <h2>Commissions</h2>
        <Table
          head={["Status", "Count", "Amount"]}
          rows={data.commissions.map((c) => [<span className="badge" key="s">{c.status}</span>, c.count, formatMoney(c.amount, c.currency)])}
          empty="No commissions yet."
        />
      </section>

      <section>
        <h2>Referred customers</h2>
        <Table head={["Customer", "Through", "Since"]} rows={data.customers.recent.map((c) => [c.email ?? "—", c.source ?? "", day(c.boundAt)])} empty="Nobody yet: share your link." />
      </section>

      <section>
        <h2>Payouts</h2>
        <Table
          head={["Date", "Amount", "Method", "Status"]}
          rows={data.payouts.map((p) => [day(p.paidAt ?? p.createdAt), formatMoney(p.amount, p.currency), p.method ?? "", p.status])}
          empty="No payouts yet."
        />
      </section>

      <section>
        <h2>Payout method</h2>
        <form method="post" action={href("/payout-method")}>
          {hidden(tokens.payout)}
          <label htmlFor="method">Pay me by</label>
          <select id="method" name="method" defaultValue={partner.payoutMethod === "wise" ? "wise" : "paypal"}>
            <option value="paypal">PayPal</option>
            <option value="wise">Wise</option>
          </select>
          <label htmlFor="paypal_email">PayPal email</label>
          <input id="paypal_email" name="paypal_email" type="email" defaultValue={details.paypal_email ?? ""} />
          <label htmlFor="wise_email">Wise email</label>
          <input id="wise_email" name="wise_email" type="email" defaultValue={details.wise_email ?? ""} />
          <label htmlFor="account_holder">Wise account holder name</label>
          <input id="account_holder" name="account_holder" defaultValue={details.account_holder ?? ""} />
          <label htmlFor="currency">Wise currency</label>
          <input id="currency" name="currency" maxLength={3} defaultValue={details.currency ?? ""} />
          <button type="submit">Save payout method</button>
        </form>
      </section>

      {program.leadSubmission ? (
        <section>
          <h2>Submit a lead</h2>
          <form method="post" action={href("/leads")}>
            {hidden(tokens.lead)}
            <label htmlFor="lead_email">Their email</label>
            <input id="lead_email" name="email" type="email" required />
            <label htmlFor="lead_name">Their name</label>
            <input id="lead_name" name="name" />
            <button type="submit">Submit lead</button>
          </form>
          <Table head={["Email", "Status", "Submitted"]} rows={data.leads.map((l) => [l.email, l.status, day(l.createdAt)])} empty="No leads submitted yet." />
        </section>
      ) : null}
    </PortalShell>
  );
}
