import type { Attachment } from '@parley/core'
import type { ConversationSeed, MessageSeed } from './chat-model'
import { avatar, svgImage, voiceNote } from './media'
import { hash, pick, seededRandom } from './prng'
import type { MockUser, UserRole } from './session-model'

const person = (id: string, name: string, role: UserRole, trainerId?: string): MockUser => ({
  id,
  name,
  role,
  avatarUrl: avatar(name, hash(id) % 360),
  email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
  ...(trainerId !== undefined && { trainerId }),
})

const FIRST = [
  'Aisha',
  'Mateo',
  'Chloé',
  'Tariq',
  'Ingrid',
  'Kenji',
  'Zanele',
  'Luca',
  'Freya',
  'Ravi',
]
const LAST = ['Kowalski', 'Nguyen', 'Osei', 'Lindqvist', 'Moreau', 'Fernández', 'Iyer', 'Brennan']
/** More of Maya's clients, named by a seeded PRNG: distinct first names, so distinct ids. */
const generatedClients = (count: number): MockUser[] => {
  const random = seededRandom(hash('clients'))
  const first = [...FIRST]
  // Fisher–Yates: the same order on every engine, unlike sort() with a random comparator.
  for (let i = first.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[first[i], first[j]] = [first[j]!, first[i]!]
  }
  return first.slice(0, count).map((name) =>
    person(
      `client-${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}`,
      `${name} ${pick(random, LAST)}`,
      'client',
      'trainer-maya',
    ),
  )
}

/**
 * The people of the four seed systems: a trainer with her clients (000/001), members of fitness
 * groups (002) and a salon's staff and customers (004). Every id says its role.
 */
export const seededUsers: readonly MockUser[] = [
  person('trainer-maya', 'Maya Okafor', 'trainer'),
  person('client-sam', 'Sam Lee', 'client', 'trainer-maya'),
  person('client-priya', 'Priya Raman', 'client', 'trainer-maya'),
  person('client-diego', 'Diego Alvarez', 'client', 'trainer-maya'),
  person('client-omar', 'Omar Haddad', 'client', 'trainer-maya'),
  person('client-hannah', 'Hannah Becker', 'client', 'trainer-maya'),
  person('client-yuki', 'Yuki Tanaka', 'client', 'trainer-maya'),
  ...generatedClients(4),
  person('trainer-jonas', 'Jonas Weber', 'trainer'),
  person('member-lena', 'Lena Novak', 'member'),
  person('member-kwame', 'Kwame Mensah', 'member'),
  person('member-ana', 'Ana Souza', 'member'),
  person('staff-rosa', 'Rosa Martínez', 'staff'),
  person('staff-li', 'Li Wei', 'staff'),
  person('customer-noor', 'Noor Al-Sayed', 'customer'),
  person('customer-ethan', 'Ethan Clarke', 'customer'),
]

/** Pictures with known sizes, for layout tests: landscape, portrait, square and a panorama. */
export const seededImages = {
  formCheck: { width: 1200, height: 900, caption: 'Deadlift setup', hue: 200 },
  mealPortrait: { width: 600, height: 800, caption: 'Lunch bowl', hue: 95 },
  square: { width: 1080, height: 1080, caption: 'Week 6 plan', hue: 280 },
  panorama: { width: 2400, height: 600, caption: 'Trail route, 14 km', hue: 150 },
  colour: { width: 800, height: 600, caption: 'Copper balayage', hue: 20 },
} as const

const image = (key: keyof typeof seededImages): Attachment => {
  const { width, height, caption, hue } = seededImages[key]
  return {
    kind: 'image',
    url: svgImage(width, height, caption, hue),
    name: `${key}.svg`,
    mimeType: 'image/svg+xml',
    width,
    height,
  }
}

/** A long message (1,500+ characters, paragraphs), built from a template rather than shipped. */
const plan = () =>
  [
    "Here's your plan for the next four weeks. Every week has the same shape; the numbers grow.",
    ...[1, 2, 3, 4].map(
      (week) =>
        `Week ${week}:\n- Monday: back squat 4×${4 + week} at RPE ${6 + week / 2}, Romanian deadlift 3×8, plank 3×${30 + week * 10} s.\n` +
        `- Tuesday: easy run, ${25 + week * 5} minutes at a pace where you can talk.\n` +
        `- Thursday: bench press 4×6, pull-ups ${week + 2}×max, farmer carries 4×30 m.\n` +
        `- Friday: ${week + 4}×400 m at 5k pace, 90 s walking between. Saturday: long, slow run.`,
    ),
    'Send me a note after every session: how it felt from 1 to 10, and anything that hurt.',
  ].join('\n\n')

/** Lines of the long conversation; simulated trainers and clients reply with them too. */
export const DIEGO = [
  'Morning! {n} km easy before work.',
  'Leg day done. Squats felt heavy today.',
  'Slept badly — mobility instead of the run?',
  'Hit {n} push-ups in one set!',
  'Meal prep done for the week 🍱',
  'Knee is a bit sore after the stairs.',
  'Rest day. Long walk with the dog.',
  'Intervals were brutal but I finished all of them.',
]
export const MAYA = [
  'Nice work! Keep the pace conversational.',
  'Warm up for ten minutes first.',
  'Good call. Hips and ankles today.',
  "That's a PR! 🎉",
  'Ice it and skip impact work tomorrow. Tell me if it lasts.',
  'Protein with every meal and you are set.',
  'Perfect recovery day.',
  'Proud of you. Sleep early tonight.',
]

/** The long conversation's message `seq`, derived from the seed and its number alone. */
function checkIn(seed: number, seq: number, total: number, endAt: number): MessageSeed {
  const random = seededRandom(hash(String(seq), seed))
  const fromDiego = random() < 0.55
  const lines = fromDiego ? DIEGO : MAYA
  let body = pick(random, lines).replace('{n}', String(3 + Math.floor(random() * 40)))
  if (random() < 0.25) body += ` ${pick(random, lines).replace('{n}', '5')}`
  if (seq % 250 === 1) body = `Week ${Math.ceil(seq / 250)} check-in: ${body}`
  return {
    senderId: fromDiego ? 'client-diego' : 'trainer-maya',
    kind: 'text',
    body,
    attachments: [],
    createdAt: endAt - (total - seq + 1) * 17 * 60_000,
  }
}

export interface SeedOptions {
  /** Seeds the generated messages (default 1). */
  seed?: number
  /** Seed messages are dated relative to this epoch ms (default: now, to the minute). */
  seedTime?: number
  /** Messages in the long conversation, `dm-maya-diego` (default 12,000). */
  longConversationLength?: number
}

/** The seeded voice note, made once: every backend of a test run shares it. */
let note: string | undefined

/** A dozen conversations covering every kind of content a chat UI has to lay out. */
export function seedConversations(options: SeedOptions = {}): ConversationSeed[] {
  const seed = options.seed ?? 1
  const t = options.seedTime ?? Math.floor(Date.now() / 60_000) * 60_000
  const longCount = options.longConversationLength ?? 12_000
  const ago = (minutes: number) => t - minutes * 60_000
  /** A text message from `senderId`, `minutes` ago. */
  const say = (
    senderId: string,
    minutes: number,
    body: string,
    extra: Partial<MessageSeed> = {},
  ): MessageSeed => ({
    senderId,
    kind: 'text',
    body,
    attachments: [],
    createdAt: ago(minutes),
    ...extra,
  })
  const photo = (senderId: string, minutes: number, key: keyof typeof seededImages, body = '') =>
    say(senderId, minutes, body, { kind: 'image', attachments: [image(key)] })
  const direct = (
    id: string,
    a: string,
    b: string,
    messages: MessageSeed[],
    unread: [number, number] = [0, 0],
  ): ConversationSeed => ({
    id,
    kind: 'direct',
    participants: [
      { userId: a, unread: unread[0] },
      { userId: b, unread: unread[1] },
    ],
    createdAt: ago(60 * 24 * 30),
    messages,
  })
  const maya = 'trainer-maya'
  const sam = 'client-sam'
  const rosa = 'staff-rosa'
  const [newClient] = seededUsers.filter((user) => user.trainerId === maya).slice(6)

  return [
    direct(
      'dm-maya-sam',
      maya,
      sam,
      [
        say(sam, 4320, "Hi Maya! Just booked Thursday's session 💪"),
        say(maya, 4300, "Great! We'll focus on deadlift form. Bring flat shoes."),
        photo(sam, 1500, 'formCheck', "Here's my setup from yesterday — does my back look okay?"),
        say(maya, 1490, 'Hips a little high. Push the floor away rather than pulling the bar.', {
          replyTo: 'dm-maya-sam.3',
        }),
        say(maya, 1485, '', {
          kind: 'voice',
          attachments: [
            {
              kind: 'voice',
              url: (note ??= voiceNote(4200)),
              name: 'voice-note.wav',
              mimeType: 'audio/wav',
              durationMs: 4200,
            },
          ],
        }),
        say(sam, 1400, 'Got it, thanks! Will practise with the empty bar.'),
        say(maya, 60, 'How did the practice go?'),
      ],
      [0, 1],
    ),
    direct(
      'dm-maya-priya',
      maya,
      'client-priya',
      [
        say('client-priya', 2900, 'Could you send me the plan for the next block?'),
        say(maya, 2880, plan()),
        say('client-priya', 200, 'Perfect, printing it out. Friday intervals look scary 😅'),
      ],
      [1, 0],
    ),
    direct(
      'dm-maya-omar',
      maya,
      'client-omar',
      [
        say('client-omar', 600, 'مرحبا مايا! هل نؤجل جلسة الغد إلى السادسة؟'),
        say(maya, 590, 'Sure, 6 pm works. See you then!'),
        say('client-omar', 585, 'شكرا جزيلا! 😊'),
        say('client-omar', 30, 'Booked: جلسة التدريب at 18:00 ✅'),
      ],
      [1, 0],
    ),
    {
      id: 'dm-maya-diego',
      kind: 'direct',
      participants: [{ userId: maya, unread: 2 }, { userId: 'client-diego' }],
      createdAt: ago(60 * 24 * 150),
      generated: { count: longCount, message: (seq) => checkIn(seed, seq, longCount, ago(5)) },
    },
    direct(
      'dm-maya-hannah',
      maya,
      'client-hannah',
      [
        say('client-hannah', 45, 'Hey! Quick question about tomorrow'),
        say('client-hannah', 44, 'Is it okay to train if I still have a bit of a cold?'),
        say('client-hannah', 43, 'Nothing in the chest, just a runny nose.'),
      ],
      [3, 0],
    ),
    direct('dm-maya-yuki', maya, 'client-yuki', [
      photo('client-yuki', 3000, 'mealPortrait', 'Lunch today, enough protein?'),
      say(maya, 2950, 'Looks great. Add some beans or tofu and it is perfect.'),
      photo(maya, 2940, 'square', 'Your plan for week 6'),
      say(maya, 2939, '', {
        kind: 'file',
        attachments: [
          {
            kind: 'file',
            url: `data:text/plain;charset=utf-8,${encodeURIComponent('Breakfast: oats, berries, yoghurt\nLunch: rice, salmon, greens\nDinner: lentil curry')}`,
            name: 'meal-plan.txt',
            mimeType: 'text/plain',
            size: 82,
          },
        ],
      }),
      say('client-yuki', 2900, 'ありがとう! Thank you!'),
    ]),
    direct(`dm-maya-${newClient!.id.slice(7)}`, maya, newClient!.id, []),
    direct('dm-jonas-sam', 'trainer-jonas', sam, [
      say('trainer-jonas', 5000, 'Sam, want to join the Sunday trail run?'),
      photo('trainer-jonas', 4999, 'panorama'),
      say(sam, 4900, "Count me in! What's the pace?"),
      say('trainer-jonas', 4890, 'Easy, around 6:30 per km. We regroup at the top.'),
    ]),
    {
      id: 'group-morning-run',
      kind: 'group',
      title: 'Morning Run Crew',
      participants: [
        { userId: maya, role: 'admin' },
        { userId: sam, unread: 2 },
        { userId: 'member-lena' },
        { userId: 'member-kwame' },
        { userId: 'member-ana' },
      ],
      createdAt: ago(60 * 24 * 20),
      messages: [
        say(maya, 60 * 24 * 20, 'Maya created the group “Morning Run Crew”', { kind: 'system' }),
        say(maya, 800, 'Tomorrow 6:30 at the park gate. Rain or shine!'),
        say('member-lena', 790, "I'll be there. Bringing my sister, she's new to running.", {
          editedAt: ago(785),
        }),
        say('member-kwame', 780, '', { deletedAt: ago(779) }),
        say(
          'member-ana',
          770,
          'Can we do the 5k loop instead of 8? My calves are still sore from Sunday 🙈',
        ),
        say(maya, 765, 'Sure — two groups: 5k with me, 8k with Kwame.'),
        say('member-kwame', 120, 'Coffee after? ☕'),
        say('member-lena', 110, 'Always.'),
      ],
    },
    {
      id: 'group-nutrition',
      kind: 'group',
      title: 'Nutrition Challenge 🥗',
      participants: [
        { userId: 'member-kwame', role: 'admin' },
        { userId: 'member-ana' },
        { userId: 'client-priya' },
        { userId: sam },
        { userId: 'member-lena' },
      ],
      createdAt: ago(60 * 24 * 10),
      messages: [
        say('member-kwame', 3000, 'Week 2: five portions of veg a day. Post your plates!'),
        photo('member-ana', 2500, 'mealPortrait', 'Day 1 ✔️'),
        say('client-priya', 2400, 'Does soup count? Asking for a friend.'),
        say('member-kwame', 2390, 'Soup absolutely counts.'),
      ],
    },
    direct(
      'salon-rosa-noor',
      rosa,
      'customer-noor',
      [
        say('customer-noor', 1440, 'مساء الخير، أريد موعدا يوم السبت'),
        say(rosa, 1430, 'Good evening Noor! Saturday 11:00 or 14:30?'),
        say('customer-noor', 1420, '14:30 من فضلك. هذا اللون:'),
        photo('customer-noor', 1419, 'colour'),
        say(rosa, 1400, 'Lovely choice. Booked for Saturday 14:30 ✂️'),
      ],
      [0, 1],
    ),
    direct('salon-rosa-ethan', rosa, 'customer-ethan', [
      say('customer-ethan', 300, "Hi, I need to move Friday's haircut. Anything on Monday?"),
      say(rosa, 290, 'Monday at 9:15 is free. Shall I move it?'),
      say('customer-ethan', 285, 'Yes please, thanks!'),
    ]),
    {
      id: 'group-salon-desk',
      kind: 'group',
      title: 'Front desk',
      participants: [{ userId: rosa, role: 'admin' }, { userId: 'staff-li' }],
      createdAt: ago(60 * 24 * 60),
      messages: [
        say('staff-li', 240, 'The 14:30 colour on Saturday needs the long chair.'),
        say(rosa, 235, 'Noted, I moved the 15:00 trim to chair 2.'),
      ],
    },
  ]
}
