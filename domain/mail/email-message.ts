/** One email as the app composes it: plain text and simple HTML of the same content. The From address is configuration. */
export interface EmailMessage {
  to: string;
  /** Display name of the sender: the merchant's shop. */
  fromName: string;
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A short message with one button-like link, as text and as HTML (inline styles: mail clients drop <style>). */
export function linkEmail(input: { to: string; shopName: string; subject: string; intro: string; action: string; url: string; outro: string }): EmailMessage {
  const { shopName, intro, action, url, outro } = input;
  const text = `${intro}\n\n${action}:\n${url}\n\n${outro}\n\n${shopName}\n`;
  const html = [
    `<div style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:15px;line-height:1.5;color:#1f2328;max-width:560px">`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 18px;background:#1f2328;color:#ffffff;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p>`,
    `<p style="color:#59636e;font-size:13px">Or open this link: ${escapeHtml(url)}</p>`,
    `<p>${escapeHtml(outro)}</p>`,
    `<p>${escapeHtml(shopName)}</p>`,
    `</div>`,
  ].join("\n");
  return { to: input.to, fromName: shopName, subject: input.subject, text, html };
}
