import type { Conversation, Participant } from '@parley/core'
import { useContext, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Avatar as DefaultAvatar } from './Avatar'
import { useComponents } from './components'
import { I18nContext } from './i18n'

/** Every word "New conversation" shows or announces; replace any through the `strings` prop. */
export interface NewConversationStrings {
  /** The button that opens the dialog, and the dialog's title. */
  newConversation: string
  searchPeople: string
  people: string
  loadingPeople: string
  noPeople: string
  groupName: string
  start: string
  starting: string
  cancel: string
  /** The server refused or could not be reached: said in our words, never in the server's. */
  failed: string
}

export const defaultNewConversationStrings: NewConversationStrings = {
  newConversation: 'New conversation',
  searchPeople: 'Search people',
  people: 'People',
  loadingPeople: 'Loading people…',
  noPeople: 'No one found',
  groupName: 'Group name',
  start: 'Start',
  starting: 'Starting…',
  cancel: 'Cancel',
  failed: 'The conversation could not be started. Please try again.',
}

export interface NewConversationRequest {
  kind: 'direct' | 'group'
  participantIds: string[]
  title?: string
}

export interface NewConversationProps {
  /** Who can be picked (already searched by the server when `onSearchChange` is given). */
  people: readonly Participant[]
  /** The people are still loading. */
  loading?: boolean | undefined
  /** Called as the user types in the search box. Without it the people are filtered by name here. */
  onSearchChange?: ((search: string) => void) | undefined
  /** Several people and a required group name may be picked; otherwise one person (direct). */
  groups?: boolean | undefined
  /** Start the conversation: resolve with it, reject when the server refuses. */
  onCreate: (request: NewConversationRequest) => Promise<Conversation>
  /** The conversation was started (or the direct one with that person already existed). */
  onCreated?: ((conversation: Conversation) => void) | undefined
  /** Open the dialog on mount. */
  defaultOpen?: boolean | undefined
  strings?: Partial<NewConversationStrings> | undefined
}

/**
 * A "New conversation" button and its modal dialog: search people, pick one (a direct
 * conversation) or, where `groups`, several and a group name; Start. Esc or Cancel closes it and
 * the focus returns to the button; a refusal is shown and announced, and the dialog stays open.
 */
export function NewConversation(props: NewConversationProps) {
  const { people, groups, onSearchChange } = props
  const t = {
    ...defaultNewConversationStrings,
    ...useContext(I18nContext).t.newConversation,
    ...props.strings,
  }
  const { Avatar = DefaultAvatar } = useComponents()
  const dialog = useRef<HTMLDialogElement>(null)
  const id = useId()
  const [search, setSearch] = useState('')
  const [picked, setPicked] = useState<readonly Participant[]>([])
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    if (props.defaultOpen) dialog.current?.showModal()
    // Only on mount: later renders must not reopen a dialog the user closed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const q = search.trim().toLocaleLowerCase()
  const found =
    q && !onSearchChange ? people.filter((p) => p.name.toLocaleLowerCase().includes(q)) : people
  // Whoever is picked stays listed (and picked) whatever the search shows now.
  const rows = [...picked.filter((p) => !found.some((f) => f.id === p.id)), ...found]
  const group = picked.length > 1

  const toggle = (person: Participant, on: boolean) =>
    setPicked(
      !groups ? [person] : on ? [...picked, person] : picked.filter((p) => p.id !== person.id),
    )
  const reset = () => {
    setSearch('')
    setPicked([])
    setTitle('')
    setFailed(false)
    onSearchChange?.('')
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!picked.length || busy) return
    setBusy(true)
    setFailed(false)
    try {
      const conversation = await props.onCreate({
        kind: group ? 'group' : 'direct',
        participantIds: picked.map((p) => p.id),
        ...(group && { title: title.trim() }),
      })
      dialog.current?.close()
      props.onCreated?.(conversation)
    } catch {
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className="parley-button parley-new__open"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
      >
        {t.newConversation}
      </button>
      <dialog ref={dialog} className="parley-new" aria-labelledby={id} onClose={reset}>
        <form className="parley-new__form" aria-busy={busy} onSubmit={(e) => void submit(e)}>
          <h2 id={id} className="parley-new__title">
            {t.newConversation}
          </h2>
          <input
            type="search"
            aria-label={t.searchPeople}
            placeholder={t.searchPeople}
            value={search}
            onChange={(e) => {
              setSearch(e.target.value)
              onSearchChange?.(e.target.value)
            }}
          />
          <fieldset className="parley-new__people">
            <legend className="parley-visually-hidden">{t.people}</legend>
            {rows.map((person) => (
              <label key={person.id} className="parley-new__person">
                <input
                  type={groups ? 'checkbox' : 'radio'}
                  name={id}
                  checked={picked.some((p) => p.id === person.id)}
                  onChange={(e) => toggle(person, e.target.checked)}
                />
                <Avatar name={person.name} src={person.avatarUrl} size="sm" />
                <bdi>{person.name}</bdi>
              </label>
            ))}
            {!rows.length && <p role="status">{props.loading ? t.loadingPeople : t.noPeople}</p>}
          </fieldset>
          {group && (
            <label className="parley-new__name">
              {t.groupName}
              <input
                required
                pattern=".*\S.*"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
          )}
          {failed && (
            <p role="alert" className="parley-new__error">
              {t.failed}
            </p>
          )}
          <div className="parley-new__actions">
            <button
              type="button"
              className="parley-button parley-new__cancel"
              onClick={() => dialog.current?.close()}
            >
              {t.cancel}
            </button>
            <button type="submit" className="parley-button" disabled={!picked.length || busy}>
              {busy ? t.starting : t.start}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
