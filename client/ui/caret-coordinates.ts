/**
 * Where a character index of a <textarea> is drawn, in pixels from the textarea's top left corner
 * (scrolling taken into account), by laying the text out in a hidden mirror element with the same
 * box and font. Used to draw colleagues' carets and selections over a plain textarea.
 */
const COPIED = [
  'boxSizing', 'width', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'fontStyle', 'fontVariant', 'fontWeight',
  'fontStretch', 'fontSize', 'lineHeight', 'fontFamily', 'textAlign', 'textTransform', 'textIndent',
  'letterSpacing', 'wordSpacing', 'tabSize',
] as const

export interface CaretPoint {
  top: number
  left: number
  height: number
}

export function caretCoordinates(element: HTMLTextAreaElement, index: number): CaretPoint {
  const mirror = document.createElement('div')
  const style = getComputedStyle(element)
  for (const key of COPIED) mirror.style[key] = style[key]
  Object.assign(mirror.style, {
    position: 'absolute', visibility: 'hidden', top: '0', left: '-9999px', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', overflow: 'hidden',
  })
  mirror.textContent = element.value.slice(0, index)
  const marker = document.createElement('span')
  marker.textContent = element.value.slice(index) || '.'
  mirror.appendChild(marker)
  document.body.appendChild(mirror)
  const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3
  const point = {
    // offsetTop counts from inside the mirror's border; the textarea's marks count from its outer edge.
    top: marker.offsetTop + parseFloat(style.borderTopWidth) - element.scrollTop,
    left: marker.offsetLeft + parseFloat(style.borderLeftWidth) - element.scrollLeft,
    height: lineHeight,
  }
  mirror.remove()
  return point
}

/** The rectangles a selection from `start` to `end` covers, line by line (at most three). */
export function selectionRects(element: HTMLTextAreaElement, start: number, end: number): Array<{ top: number; left: number; width: number; height: number }> {
  if (end <= start) return []
  const a = caretCoordinates(element, start)
  const b = caretCoordinates(element, end)
  const style = getComputedStyle(element)
  const inner = { left: parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth), right: element.clientWidth - parseFloat(style.paddingRight) + parseFloat(style.borderLeftWidth) }
  if (Math.abs(a.top - b.top) < 1) return [{ top: a.top, left: a.left, width: Math.max(2, b.left - a.left), height: a.height }]
  const rects = [{ top: a.top, left: a.left, width: Math.max(2, inner.right - a.left), height: a.height }]
  if (b.top - a.top > a.height + 1) rects.push({ top: a.top + a.height, left: inner.left, width: inner.right - inner.left, height: b.top - a.top - a.height })
  rects.push({ top: b.top, left: inner.left, width: Math.max(2, b.left - inner.left), height: b.height })
  return rects
}
