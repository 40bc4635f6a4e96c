import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// Make any attempt to load React blow up: the core must never need it.
vi.mock('react', () => {
  throw new Error('@parley/core must not import react')
})
vi.mock('react-dom', () => {
  throw new Error('@parley/core must not import react-dom')
})

describe('the core is framework-free', () => {
  it('loads and runs with React absent', async () => {
    const core = await import('../src')
    const { nativeProtocol } = await import('../src/native')
    const store = core.createStore(1)
    let seen = 0
    store.subscribe(() => (seen = store.getSnapshot()))
    store.setState(2)
    expect(seen).toBe(2)
    const connection = core.createConnection({
      url: 'ws://x',
      protocol: nativeProtocol,
      environment: null,
      WebSocket: class {} as never,
    })
    expect(connection.getSnapshot().status).toBe('idle')
  })

  it('has no import of a UI framework anywhere in its source', () => {
    const dir = join(import.meta.dirname, '../src')
    const offenders = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) =>
        /from\s+['"](react|react-dom|preact|vue|svelte)(\/|['"])/.test(
          readFileSync(join(dir, file), 'utf8'),
        ),
      )
    expect(offenders).toEqual([])
  })
})
