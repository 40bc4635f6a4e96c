import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Nothing Parley-specific: the packages resolve to their published entry points, as in any app.
// The server bundle needs none of public/ (MSW's worker script is for the browser in development).
export default defineConfig(({ isSsrBuild }) => ({
  plugins: [react()],
  build: { copyPublicDir: !isSsrBuild },
}))
