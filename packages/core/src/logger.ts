export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void
  warn(message: string, details?: Record<string, unknown>): void
}

export const silentLogger: Logger = { debug() {}, warn() {} }

/**
 * Wrap a logger so no line can carry a secret: the current token anywhere in the text and any
 * `token=` / `access_token=` query value are masked before the app's logger sees them.
 */
export function redactingLogger(inner: Logger, secrets: () => Iterable<string>): Logger {
  const scrub = (text: string): string => {
    let out = text.replace(/((?:access_)?token=)[^&\s"']+/gi, '$1***')
    for (const secret of secrets()) if (secret) out = out.split(secret).join('***')
    return out
  }
  const scrubDetails = (details?: Record<string, unknown>) =>
    details && (JSON.parse(scrub(JSON.stringify(details))) as Record<string, unknown>)
  return {
    debug: (message, details) => inner.debug(scrub(message), scrubDetails(details)),
    warn: (message, details) => inner.warn(scrub(message), scrubDetails(details)),
  }
}
