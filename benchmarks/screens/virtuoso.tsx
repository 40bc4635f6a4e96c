// Bare react-virtuoso: the list alone, for reference (an app still writes its rows, composer, transport).
import { createRoot } from 'react-dom/client'
import { Virtuoso } from 'react-virtuoso'

const messages = Array.from({ length: 100 }, (_, i) => `Message ${i}`)

createRoot(document.getElementById('root')!).render(
  <Virtuoso
    style={{ height: '100dvh' }}
    data={messages}
    initialTopMostItemIndex={messages.length - 1}
    followOutput="auto"
    itemContent={(_, text) => <div>{text}</div>}
  />,
)
