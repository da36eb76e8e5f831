import { Retryable } from './retryable.js';
import { DEFAULT_ACTION_TEXT } from './text.js';
import { renderDeep, renderTemplate, type TemplateContext } from './templates.js';

/** what is read of a receiver's answer, for the failure reason; the rest is never read */
export const MAX_ANSWER_BYTES = 64 * 1024;
const REASON_EXCERPT = 200;

/**
 * POSTs the rendered body to the receiver. The timeout covers the whole exchange (connect, headers and
 * the part of the answer read), so a receiver that answers slowly or drips its body is let go on time.
 */
export async function httpPush(
  params: Record<string, unknown>,
  context: TemplateContext,
  timeoutMs: number,
): Promise<void> {
  const body =
    params.body === undefined
      ? { ...context, text: renderTemplate(DEFAULT_ACTION_TEXT, context) }
      : renderDeep(params.body, context);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Retryable(`no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    let response: Response;
    try {
      response = await fetch(params.url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
        redirect: 'error',
      });
    } catch (err) {
      throw fetchError(err, controller.signal);
    }
    if (response.ok) {
      // a success says all we need: its body is not ours to read
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const excerpt = await readCapped(response);
    const failure = `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
    // 4xx (but 408 and 429) will not change by trying again
    if (response.status >= 500 || response.status === 408 || response.status === 429)
      throw new Retryable(failure);
    throw new Error(failure);
  } finally {
    clearTimeout(timer);
  }
}

function fetchError(err: unknown, signal: AbortSignal): Error {
  if (signal.aborted && signal.reason instanceof Retryable) return signal.reason;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a redirect…)
  return new Retryable(e.cause?.code ?? e.cause?.message ?? e.message);
}

/**
 * Reads at most MAX_ANSWER_BYTES of a failure's answer (for its reason) and cancels the rest: a receiver
 * sending a huge or endless body costs neither memory nor time. An answer broken off (by the timeout,
 * or the receiver) still gives what came before.
 */
async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // the status is known already; the excerpt is only a help
  }
  await reader.cancel().catch(() => undefined);
  const text = Buffer.concat(chunks)
    .subarray(0, REASON_EXCERPT * 4)
    .toString('utf8');
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > REASON_EXCERPT ? `${oneLine.slice(0, REASON_EXCERPT)}…` : oneLine;
}
