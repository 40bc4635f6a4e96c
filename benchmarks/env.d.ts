// Style sheets are imported for their effect only (esbuild bundles them beside the script).
declare module '*.css'

interface Window {
  bench: Record<string, (...args: never[]) => unknown>
  benchReady: boolean
}
