import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Nothing Parley-specific: the packages resolve to their published entry points, as in any app.
export default defineConfig({ plugins: [react()] })
