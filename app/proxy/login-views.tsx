import { liquidRoute } from "./liquid-route";
import { PortalShell, type Messages } from "./portal-views";

export function LoginForm(props: { pathPrefix: string; shopName: string; email?: string } & Messages) {
  return (
    <PortalShell title="Sign in" subtitle={`The partner program of ${props.shopName}`} {...props}>
      <section>
        <form method="post" action={`${props.pathPrefix}/login`}>
          <label htmlFor="email">Your email</label>
          <input id="email" name="email" type="email" required maxLength={320} autoComplete="email" defaultValue={props.email} />
          <p className="muted">We email you a link that signs you in. It works once, for 15 minutes.</p>
          <button type="submit">Email me a sign-in link</button>
        </form>
      </section>
      <p className="muted">
        Not a partner yet? <a href={`${props.pathPrefix}/signup`}>Apply with your email</a>. Have a customer account?{" "}
        <a href={liquidRoute("account_login_url")}>Log in</a>.
      </p>
    </PortalShell>
  );
}

/** The same page whoever the email belongs to: it never tells whether the address is a partner's. */
export function CheckEmail(props: { pathPrefix: string; email: string }) {
  return (
    <PortalShell title="Check your email">
      <section>
        <p>
          We sent a link to <b>{props.email}</b>. Open it on this device within 15 minutes to continue; it works once.
        </p>
        <p className="muted">
          Nothing there after a few minutes? Look in your spam folder, or <a href={`${props.pathPrefix}/login`}>ask for a new link</a>.
        </p>
      </section>
    </PortalShell>
  );
}

/**
 * Following the emailed link shows this button; only pressing it uses the link. Mail scanners that open every
 * link in a message would otherwise use up a single-use link before its owner clicks it.
 */
export function ConfirmSignIn(props: { pathPrefix: string; shopName: string; token: string }) {
  return (
    <PortalShell title="Sign in" subtitle={`The partner program of ${props.shopName}`} secretUrl>
      <section>
        <form method="post" action={`${props.pathPrefix}/login/confirm`}>
          <input type="hidden" name="token" value={props.token} />
          <p>Press the button to finish signing in.</p>
          <button type="submit">Continue to my partner dashboard</button>
        </form>
      </section>
    </PortalShell>
  );
}
