import { test as base, expect, type Page } from '@playwright/test'

/** Any uncaught error in any page of the test fails it, even when the screen looks right. */
export const test = base.extend({
  context: async ({ context }, use) => {
    const errors: string[] = []
    const watch = (page: Page) => page.on('pageerror', (error) => errors.push(error.message))
    context.pages().forEach(watch)
    context.on('page', watch)
    await use(context)
    expect(errors).toEqual([])
  },
})

export { expect }
