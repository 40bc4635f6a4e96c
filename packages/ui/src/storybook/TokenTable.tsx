/*
 * The theming page's token tables (Theming.mdx), built from styles.css at build time: every token
 * with its light and dark value, a swatch for colours, what it paints and which components read it.
 */
import type { CSSProperties } from 'react'
import { tokenNotes } from './tokenNotes'
import type { Token, TokenGroup } from './tokens'
import { GROUP_NAMES, isColour, tokens } from './tokens'

const surface = (theme: 'light' | 'dark') => {
  const token = tokens.find((t) => t.name === '--parley-color-surface')
  return (theme === 'dark' ? token?.dark : token?.light) ?? (theme === 'dark' ? '#000' : '#fff')
}

const chip: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  padding: 4,
  marginInlineEnd: 8,
  borderRadius: 6,
  border: '1px solid #8c959f',
  verticalAlign: 'middle',
}

/** A colour on its own theme's surface, as the chat would show it; decoration beside the value. */
function Swatch({ value, theme }: { value: string; theme: 'light' | 'dark' }) {
  if (!isColour(value)) return null
  return (
    <span aria-hidden="true" style={{ ...chip, background: surface(theme) }}>
      <span
        style={{ display: 'block', width: 28, height: 20, borderRadius: 4, background: value }}
      />
    </span>
  )
}

function Value({ token, theme }: { token: Token; theme: 'light' | 'dark' }) {
  const value = theme === 'dark' ? token.dark : token.light
  if (!value) return <span>same as light</span>
  return (
    <>
      <Swatch value={value} theme={theme} />
      <code>{value}</code>
      {theme === 'light' && token.compact && (
        <>
          {' '}
          (compact: <code>{token.compact}</code>)
        </>
      )}
    </>
  )
}

function Row({ token }: { token: Token }) {
  return (
    <tr data-token={token.name}>
      <th scope="row" style={{ whiteSpace: 'nowrap', textAlign: 'start' }}>
        <code>{token.name}</code>
      </th>
      <td>
        <Value token={token} theme="light" />
      </td>
      <td>
        <Value token={token} theme="dark" />
      </td>
      <td>
        {tokenNotes[token.name] ?? null}
        {token.scope && (
          <>
            {' '}
            {token.undeclared
              ? 'Not set by the stylesheet; read, with this fallback, by'
              : 'Set on'}{' '}
            <code>{token.scope}</code>.
          </>
        )}
        {token.usedBy.length > 0 && (
          <>
            <br />
            <small>Read by: {token.usedBy.join(', ')}</small>
          </>
        )}
      </td>
    </tr>
  )
}

/** One table per group of tokens (colours, type, spacing…), in the stylesheet's order. */
export function TokenTables() {
  return (
    <>
      {(Object.keys(GROUP_NAMES) as TokenGroup[]).map((group) => {
        const rows = tokens.filter((t) => t.group === group)
        if (rows.length === 0) return null
        return (
          <table key={group} data-group={group}>
            <caption style={{ textAlign: 'start', fontWeight: 600 }}>{GROUP_NAMES[group]}</caption>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Light</th>
                <th scope="col">Dark</th>
                <th scope="col">What it paints</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((token) => (
                <Row key={token.name} token={token} />
              ))}
            </tbody>
          </table>
        )
      })}
    </>
  )
}
