// The SSR app's server: each request for the page renders the chat screen's frame into
// index.html; the browser hydrates it and connects. `--dev` serves the sources through Vite's
// middleware (with the mock backend in the page); without it, the production build in dist/.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const client = join(root, 'dist/client')
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }

async function devRenderer() {
  const { createServer: createVite } = await import('vite')
  const vite = await createVite({ root, server: { middlewareMode: true }, appType: 'custom' })
  return {
    middleware: vite.middlewares,
    async page(url) {
      const template = await vite.transformIndexHtml(
        url,
        await readFile(join(root, 'index.html'), 'utf8'),
      )
      const { render } = await vite.ssrLoadModule('/src/entry-server.tsx')
      return template.replace('<!--app-html-->', render())
    },
  }
}

async function productionRenderer() {
  const template = await readFile(join(client, 'index.html'), 'utf8')
  const { render } = await import(join(root, 'dist/server/entry-server.js'))
  return {
    // Built assets only: a path that leaves dist/client is not found.
    middleware: async (req, res, next) => {
      const path = normalize(
        join(client, decodeURIComponent(new URL(req.url, 'http://x').pathname)),
      )
      if (!path.startsWith(client + '/') || path.endsWith('index.html')) return next()
      try {
        const body = await readFile(path)
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
        res.end(body)
      } catch {
        next()
      }
    },
    page: async () => template.replace('<!--app-html-->', render()),
  }
}

export async function createAppServer({ dev = false } = {}) {
  const renderer = dev ? await devRenderer() : await productionRenderer()
  return createServer((req, res) =>
    renderer.middleware(req, res, async () => {
      const { pathname } = new URL(req.url, 'http://x')
      if (pathname !== '/' && pathname !== '/index.html') return res.writeHead(404).end()
      try {
        const html = await renderer.page(req.url)
        res.writeHead(200, { 'content-type': 'text/html' }).end(html)
      } catch (error) {
        console.error(error)
        res.writeHead(500).end()
      }
    }),
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await createAppServer({ dev: process.argv.includes('--dev') })
  const port = Number(process.env.PORT ?? 5174)
  server.listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/`))
}
