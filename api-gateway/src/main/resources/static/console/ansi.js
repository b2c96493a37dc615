// A log line with ANSI colours as spans: anser parses the escapes into pieces, each piece becomes a
// text node in a span coloured through the CSSOM (no markup from the log, no inline style
// attribute for the Content-Security-Policy to refuse).

import Anser from '../vendor/anser/anser.js';

const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline']);

/** A parser per log: colour set on one line carries on to the next, as on a terminal. */
export function ansiRenderer() {
  const parser = new Anser();
  return (text, target) => {
    for (const piece of parser.ansiToJson(text, { remove_empty: true })) {
      if (!piece.fg && !piece.bg && piece.decorations.length === 0) {
        target.append(document.createTextNode(piece.content));
        continue;
      }
      const span = document.createElement('span');
      span.textContent = piece.content;
      if (piece.fg) span.style.color = `rgb(${piece.fg})`;
      if (piece.bg) span.style.backgroundColor = `rgb(${piece.bg})`;
      for (const decoration of piece.decorations) {
        if (DECORATIONS.has(decoration)) span.classList.add('ansi-' + decoration);
      }
      target.append(span);
    }
  };
}
