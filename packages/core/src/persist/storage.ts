import { clear, createStore, delMany, get, keys, setMany, type UseStore } from 'idb-keyval'

/**
 * Where persisted records live: a key-value store with asynchronous, failing operations. Any
 * rejection (quota, a blocked or private-mode database) switches persistence to memory only.
 */
export interface PersistStorage {
  get(key: string): Promise<unknown>
  /** All or nothing, like one IndexedDB transaction. */
  setMany(entries: [string, unknown][]): Promise<void>
  delMany(keys: string[]): Promise<void>
  keys(): Promise<string[]>
  clear(): Promise<void>
}

/**
 * IndexedDB through idb-keyval: one database per `name`, one object store in it. Opened on first
 * use, so a browser without IndexedDB (or one refusing it) fails an operation, not the import.
 */
export function indexedDbStorage(name: string): PersistStorage {
  let db: UseStore | undefined
  const store = () => (db ??= createStore(name, 'records'))
  const run = <T>(operation: (db: UseStore) => Promise<T>) =>
    Promise.resolve().then(() => operation(store()))
  return {
    get: (key) => run((db) => get(key, db)),
    setMany: (entries) => run((db) => setMany(entries, db)),
    delMany: (list) => run((db) => delMany(list, db)),
    keys: () => run((db) => keys<string>(db)),
    clear: () => run((db) => clear(db)),
  }
}

/** Records in a `Map`, as an IndexedDB would keep them (structured clones): for tests and SSR. */
export function memoryStorage(records = new Map<string, unknown>()): PersistStorage {
  return {
    get: async (key) => structuredClone(records.get(key)),
    async setMany(entries) {
      for (const [key, value] of entries) records.set(key, structuredClone(value))
    },
    async delMany(list) {
      for (const key of list) records.delete(key)
    },
    keys: async () => [...records.keys()],
    clear: async () => records.clear(),
  }
}
