import { vi } from 'vitest'

/*
 * Imported before the quick start's own module, which renders as it loads: the page's #root, and a
 * spy on console.warn that is in place before the first render.
 */
export const warn = vi.spyOn(console, 'warn')
const root = document.createElement('div')
root.id = 'root'
document.body.append(root)
