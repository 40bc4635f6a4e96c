import { linkify } from './safe'

export interface MessageTextProps {
  text: string
}

/**
 * Message text as text: markup in it shows as typed, never as HTML. http(s) and mailto URLs become
 * links that open in a new tab without access to this page.
 */
export function MessageText({ text }: MessageTextProps) {
  return (
    <span className="parley-text" dir="auto">
      {linkify(text).map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </span>
  )
}
