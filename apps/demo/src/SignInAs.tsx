import type { MockUser } from '@parley/mock-backend'

/**
 * Who this tab is. Changing it reloads the page as that person (`?as=`): open a second tab as
 * someone else to chat with yourself.
 */
export function SignInAs({ users, current }: { users: readonly MockUser[]; current: string }) {
  return (
    <label className="demo-signin">
      Signed in as{' '}
      <select
        value={current}
        onChange={(event) => {
          const url = new URL(window.location.href)
          url.searchParams.set('as', event.target.value)
          url.searchParams.delete('conversation')
          window.location.assign(url)
        }}
      >
        {users.map((user) => (
          <option key={user.id} value={user.id}>
            {user.name} ({user.role})
          </option>
        ))}
      </select>
    </label>
  )
}
