import type { KeyboardEvent, SyntheticEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import { useI18n } from './i18n'

export interface VoicePlayerProps {
  /** A URL already passed through `safeAudioSrc`. */
  src: string
  /** What the player is called: the attachment's name, or "Voice message". */
  label: string
  /** The length the message carries: shown before anything loads, so nothing is fetched to show it. */
  durationMs?: number | undefined
}

/** A chat plays one voice message at a time: starting one pauses the one playing anywhere in the page. */
let playing: HTMLAudioElement | undefined

const RATES = [1, 1.5, 2]
/** Arrow keys scrub by a second, Page keys by ten (a range's own steps are 1% of any length). */
const KEY_STEPS: Record<string, number> = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 }

/** "0:04", "12:30". */
const clock = (seconds: number) => {
  const s = Math.floor(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * A voice message: play/pause, a scrubber, elapsed and total time, and a playback speed, over one
 * hidden `<audio>`. The length is known before playing: from `durationMs`, else from the file's
 * metadata (then fetched up front, `preload="metadata"`).
 */
export function VoicePlayer({ src, label, durationMs }: VoicePlayerProps) {
  const { t } = useI18n()
  const audio = useRef<HTMLAudioElement>(null)
  const [paused, setPaused] = useState(true)
  const [time, setTime] = useState(0)
  const [mediaDuration, setMediaDuration] = useState(NaN)
  const [rate, setRate] = useState(1)
  const [failed, setFailed] = useState(false)
  // A MediaRecorder's WebM says Infinity until played through: the message's own figure then.
  const duration = Number.isFinite(mediaDuration) ? mediaDuration : (durationMs ?? 0) / 1000
  const total = clock(Math.round(duration))

  // Progress follows every frame while playing: `timeupdate` comes four times a second, a jerky
  // crawl across a bar for a note of a few seconds.
  useEffect(() => {
    if (paused) return
    let frame = 0
    const tick = () => {
      setTime(audio.current!.currentTime)
      frame = requestAnimationFrame(tick)
    }
    tick()
    return () => cancelAnimationFrame(frame)
  }, [paused])

  const seek = (to: number) => {
    const el = audio.current!
    // Before anything loaded, this sets where playback will start (`preload="none"` stays so).
    el.currentTime = Math.min(Math.max(to, 0), duration)
    setTime(el.currentTime)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // Left and right follow the layout, as a range's own arrows do: right goes back in right-to-left.
    const forward = getComputedStyle(e.currentTarget).direction === 'rtl' ? -1 : 1
    const step = KEY_STEPS[e.key] ?? { ArrowRight: forward, ArrowLeft: -forward }[e.key]
    if (!step) return
    e.preventDefault()
    seek(audio.current!.currentTime + step)
  }
  const onPlay = (e: SyntheticEvent<HTMLAudioElement>) => {
    if (playing !== e.currentTarget) playing?.pause()
    playing = e.currentTarget
    setPaused(false)
  }
  const onPause = (e: SyntheticEvent<HTMLAudioElement>) => {
    // At the end it starts over, ready to play again.
    if (e.currentTarget.ended) e.currentTarget.currentTime = 0
    setTime(e.currentTarget.currentTime)
    setPaused(true)
  }
  const nextRate = () => {
    const next = RATES[(RATES.indexOf(rate) + 1) % RATES.length]!
    // The default too: a (re)load resets the rate to it.
    audio.current!.playbackRate = audio.current!.defaultPlaybackRate = next
    setRate(next)
  }

  return (
    <div
      role="group"
      aria-label={label}
      className="parley-voice"
      data-state={failed ? 'failed' : paused ? 'paused' : 'playing'}
    >
      {/* Voice messages come without captions: the model carries no transcript to make them from. */}
      {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
      <audio
        ref={audio}
        src={src}
        aria-label={label}
        preload={durationMs ? 'none' : 'metadata'}
        onPlay={onPlay}
        onPause={onPause}
        onDurationChange={(e) => setMediaDuration(e.currentTarget.duration)}
        onError={() => setFailed(true)}
      />
      <button
        type="button"
        className="parley-voice__play"
        aria-label={paused ? t.play : t.pause}
        disabled={failed}
        onClick={() => (paused ? audio.current!.play().catch(() => {}) : audio.current!.pause())}
      >
        <span aria-hidden="true" />
      </button>
      <input
        type="range"
        className="parley-voice__seek"
        aria-label={t.position}
        aria-valuetext={duration ? t.timeOf(clock(time), total) : clock(time)}
        min={0}
        max={duration}
        step="any"
        value={Math.min(time, duration)}
        disabled={failed || !duration}
        onChange={(e) => seek(e.currentTarget.valueAsNumber)}
        onKeyDown={onKeyDown}
      />
      {failed ? (
        <span className="parley-voice__time">{t.unavailable}</span>
      ) : (
        // Left to right in every layout, as a player's clock is; the scrubber says it in words.
        <span className="parley-voice__time" dir="ltr" aria-hidden="true">
          {clock(time)}
          {duration ? ` / ${total}` : ''}
        </span>
      )}
      <button
        type="button"
        className="parley-voice__rate"
        aria-label={t.playbackSpeed(rate)}
        disabled={failed}
        onClick={nextRate}
      >
        {rate}×
      </button>
    </div>
  )
}
