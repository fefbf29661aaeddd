// Text placed inside an SVG figure (titles, labels): the characters XML gives a meaning to are escaped.
export function escapeSvgText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
