/**
 * Posts an alert to the Slack-compatible incoming webhook (`ALERT_WEBHOOK_URL`). The URL is a
 * secret (whoever has it can post to the channel): it never appears in a log line or a result,
 * not even inside a fetch error's message.
 */
import type { AlertMessage } from "./alert-message.js";

/** The consumer posts alerts after the check's budget (consumer-hooks.ts), but a hung webhook must not hold it for long. */
export const ALERT_TIMEOUT_MS = 10_000;

export type AlertDelivery = { ok: true } | { ok: false; reason: string };

export async function postAlert(webhookUrl: string, message: AlertMessage, timeoutMs = ALERT_TIMEOUT_MS): Promise<AlertDelivery> {
  try {
    const response = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Slack answers `ok`, or a 4xx with a reason such as `invalid_payload` or `no_text`.
    const body = (await response.text()).slice(0, 200);
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}${body ? ` ${hideUrl(body, webhookUrl)}` : ""}` };
    return { ok: true };
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : `${name}: ${hideUrl(text, webhookUrl)}` };
  }
}

/** Any URL in the text goes, the webhook's first: its path is the credential. */
function hideUrl(text: string, webhookUrl: string): string {
  return text.replaceAll(webhookUrl, "ALERT_WEBHOOK_URL").replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, "<url>");
}
