import "server-only";
import { env } from "@/lib/env";

export type MailResult = { sent: true } | { sent: false; reason: string };

/**
 * Sends one plain-text message when SMTP_URL is configured. Without it (the default) the
 * caller shows the content to the admin instead, so a missing mail server never blocks
 * inviting a colleague. Failures are reported, not thrown: the link is still shown.
 */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<MailResult> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return { sent: false, reason: "SMTP is not configured" };
  try {
    const nodemailer = await import("nodemailer");
    const transport = nodemailer.createTransport(SMTP_URL);
    await transport.sendMail({ from: MAIL_FROM, ...message });
    return { sent: true };
  } catch (e) {
    console.error("mail failed", e instanceof Error ? e.message : e);
    return { sent: false, reason: "The mail server refused the message" };
  }
}
