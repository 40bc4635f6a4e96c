// `@parley/core/native`: the native protocol adapter, its own entry so an app ships only its dialect.
export { decodeMessage, NativeCloseCode, nativeProtocol } from './adapters/native'
export { createNativeProtocol, nativeRest } from './adapters/native-rest'
export type { NativeRestOptions } from './adapters/native-rest'
export { num, parseFrame, str, time } from './adapters/decode'
export type { Frame } from './adapters/decode'
