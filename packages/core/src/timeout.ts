import type { ParleyError } from './errors'

/**
 * `request`, or `error()` once `ms` pass without an answer: a server that never answers must not
 * hold anything back forever. The error is made only when it is thrown.
 */
export const withTimeout = <T>(request: Promise<T>, ms: number, error: () => ParleyError) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms)
    request.then(resolve, reject).finally(() => clearTimeout(timer))
  })
