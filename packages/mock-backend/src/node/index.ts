// `@parley/mock-backend/node`: a mock backend served over a real socket, for Node tests and scripts.
export { serveMockBackend } from './serve'
export type { ServedMockBackend, ServeOptions } from './serve'
