import { createTransport } from 'nodemailer';
import type { SiteConfig } from '../config/config.js';
import { EMAIL_PATTERN } from '../config/config.js';
import { Retryable } from './retryable.js';
import { renderTemplate, type TemplateContext } from './templates.js';

export type SmtpSettings = NonNullable<SiteConfig['smtp']>;

const ADDRESS = new RegExp(EMAIL_PATTERN);

/** `to` as given in a rule: "a@x.com, b@y.com" or ["a@x.com", "b@y.com"]; null when it is not one of those. */
export function recipients(to: unknown): string[] | null {
  const list =
    typeof to === 'string'
      ? to.split(',')
      : Array.isArray(to) && to.every((t) => typeof t === 'string')
        ? (to as string[])
        : null;
  if (!list) return null;
  const trimmed = list.map((t) => t.trim()).filter((t) => t !== '');
  return trimmed.length > 0 ? trimmed : null;
}

/** The addresses in `to` that are not e-mail addresses (an empty `to` is reported by the caller). */
export function badRecipients(to: string[]): string[] {
  return to.filter((t) => !ADDRESS.test(t));
}

interface SmtpFailure extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/**
 * Sends one mail through the configured relay. A fresh connection per mail: rules fire seldom, and a
 * pooled connection that the relay dropped in between would fail the next mail for nothing.
 */
export async function sendEmail(
  smtp: SmtpSettings,
  params: Record<string, unknown>,
  context: TemplateContext,
): Promise<void> {
  const to = recipients(params.to) ?? [];
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    // each phase on its own, and the whole send below, so a relay that accepts and then hangs is let go
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: smtp.from,
      to,
      subject: renderTemplate(String(params.subject ?? ''), context),
      text: renderTemplate(String(params.body ?? ''), context),
      signal: AbortSignal.timeout(smtp.timeoutMs),
    });
  } catch (err) {
    throw smtpError(err as SmtpFailure, smtp);
  } finally {
    transport.close();
  }
}

/**
 * A reason an operator can act on, and whether to try again: a relay that is down, slow or says "try
 * later" (4xx) may take the mail next time; a 5xx (unknown mailbox, relaying denied) or a refused login
 * will answer the same.
 */
function smtpError(err: SmtpFailure, smtp: SmtpSettings): Error {
  const relay = `SMTP relay ${smtp.host}:${smtp.port}`;
  if (err.name === 'AbortError' || err.code === 'EABORT' || err.code === 'ETIMEDOUT')
    return new Retryable(`${relay}: no answer within ${smtp.timeoutMs} ms`);
  // a wrong user or password answers the same next time (a 454 "try later" does not)
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') {
    const reason = `${relay}: login refused (${(err.response ?? err.message).slice(0, 300)})`;
    return err.permanent === false ? new Retryable(reason) : new Error(reason);
  }
  if (err.responseCode !== undefined) {
    const reply = `${relay} answered ${(err.response ?? String(err.responseCode)).slice(0, 300)}`;
    return err.permanent === true ? new Error(reply) : new Retryable(reply);
  }
  // connection refused, reset, DNS, TLS: the relay may be back next time
  const cause = (err.cause as { code?: string } | undefined)?.code;
  return new Retryable(`${relay}: ${cause ?? err.message}`);
}
