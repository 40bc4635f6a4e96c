/** Where Parley's debug lines go (`console` fits). Every line is scrubbed of tokens first. */
export interface Logger {
  debug(message: string): void
}

export const silentLogger: Logger = { debug() {} }

/**
 * Wrap a logger so no line can carry a secret: the current token anywhere in the text and any
 * `token=` / `access_token=` query value are masked before the app's logger sees them.
 */
export function redactingLogger(inner: Logger, secrets: () => string[]): Logger {
  const scrub = (text: string): string => {
    let out = text.replace(/(token=)[^&\s"']+/gi, '$1***')
    for (const secret of secrets()) if (secret) out = out.split(secret).join('***')
    return out
  }
  return { debug: (message) => inner.debug(scrub(message)) }
}
