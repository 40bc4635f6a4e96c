import { configure } from '@testing-library/react'

// findBy*/waitFor give up after 1 s by default. These tests run against real timers, a real MSW worker
// and real layout on shared 2-core machines, where a busy second is ordinary: waiting longer costs a
// passing test nothing.
configure({ asyncUtilTimeout: 5000 })
