import { useId, useLayoutEffect, useRef, useState } from 'react'
import { useI18n } from './i18n'
import { keepInside } from './popup'

export interface ActionsMenuProps {
  id: string
  /** Label and handler of each action, in order. */
  actions: readonly (readonly [string, () => void])[]
  /** The action that asks first (Delete): the menu becomes its question, Cancel and itself. */
  asksFirst: string
  /** Closes the menu and returns the focus to its toggle. */
  close: () => void
}

/**
 * A message's actions, beside its toggle and always inside the viewport and the list. Keyboard
 * users land on the first action; Delete asks "Delete this message?" with the focus on Cancel, so
 * a second Enter does not delete.
 */
export function ActionsMenu({ id, actions, asksFirst, close }: ActionsMenuProps) {
  const { t } = useI18n()
  const [asking, setAsking] = useState<() => void>()
  const menu = useRef<HTMLDivElement>(null)
  const questionId = useId()
  useLayoutEffect(() => keepInside(menu.current!), [asking])
  // Every choice closes the menu, but the one that asks first.
  const done = (handler: () => void) => () => {
    close()
    handler()
  }
  const button = (label: string, onClick: () => void, first: boolean, danger?: boolean) => (
    <button
      key={label}
      type="button"
      // eslint-disable-next-line jsx-a11y/no-autofocus -- where the keyboard user is taken
      autoFocus={first}
      data-danger={danger || undefined}
      onClick={onClick}
    >
      {label}
    </button>
  )

  return (
    <div
      ref={menu}
      id={id}
      className="parley-message__menu"
      role="group"
      {...(asking ? { 'aria-labelledby': questionId } : { 'aria-label': t.actions })}
    >
      {asking ? (
        <>
          <span id={questionId} className="parley-message__confirm">
            {t.confirmDelete}
          </span>
          {button(t.cancel, close, true)}
          {button(asksFirst, done(asking), false, true)}
        </>
      ) : (
        actions.map(([label, handler], i) =>
          button(label, label === asksFirst ? () => setAsking(() => handler) : done(handler), !i),
        )
      )}
    </div>
  )
}
