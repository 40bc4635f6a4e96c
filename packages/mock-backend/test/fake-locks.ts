/** Web Locks as one browser has them: one holder per name, the rest queue (for tabs in one process). */
export function fakeLocks(): Pick<LockManager, 'request'> {
  const held = new Set<string>()
  const queues = new Map<string, (() => void)[]>()
  const request = (name: string, ...rest: unknown[]): Promise<unknown> => {
    const callback = rest.at(-1) as (lock: unknown) => unknown
    const ifAvailable = rest.length === 2 && (rest[0] as LockOptions).ifAvailable === true
    return new Promise((resolve) => {
      const run = () => {
        held.add(name)
        void Promise.resolve(callback({ name })).then((value) => {
          held.delete(name)
          resolve(value)
          queues.get(name)?.shift()?.()
        })
      }
      if (!held.has(name)) run()
      else if (ifAvailable) void Promise.resolve(callback(null)).then(resolve)
      else queues.set(name, [...(queues.get(name) ?? []), run])
    })
  }
  return { request } as Pick<LockManager, 'request'>
}
