import type { PointerEvent } from 'react'
import { useEffect, useRef } from 'react'

/** How long a finger rests on a message before its actions open, and how far it may drift. */
const HOLD_MS = 500
const SLOP_PX = 10

/**
 * Handlers for an element that `action` runs on when a finger rests on it: touch screens show no
 * "⋯" beside every message, a long press opens its actions instead. Mouse and pen keep the toggle
 * (and right-click its browser menu); a finger that moves is scrolling, and scrolling cancels.
 */
export function useLongPress(action: () => void) {
  const press = useRef<{ x: number; y: number; timer: ReturnType<typeof setTimeout> }>(undefined)
  const cancel = () => {
    clearTimeout(press.current?.timer)
    press.current = undefined
  }
  useEffect(() => cancel, [])
  return {
    onPointerDown(e: PointerEvent) {
      cancel()
      if (e.pointerType === 'touch')
        press.current = { x: e.clientX, y: e.clientY, timer: setTimeout(action, HOLD_MS) }
    },
    onPointerMove(e: PointerEvent) {
      const p = press.current
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > SLOP_PX) cancel()
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    // A long press is also the browser's context menu on touch screens: ours takes its place.
    onContextMenu(e: { preventDefault(): void }) {
      if (press.current) e.preventDefault()
    },
  }
}
