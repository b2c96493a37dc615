// A log line with ANSI colours as spans: anser parses the escapes into pieces, each piece becomes a
// text node in a span coloured through the CSSOM (no markup from the log, no inline style
// attribute for the Content-Security-Policy to refuse).

// A gateway built without npm (-Dslipway.frontend.skip=true) has no vendor directory: the log then
// shows its text with the escapes taken out, instead of the whole console failing to load.
const Anser = await import('../vendor/anser/anser.js').then((module) => module.default, () => null);

const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline']);
// CSI sequences (colours, cursor moves) and OSC titles, for the plain fallback
const ESCAPES = /\u001b\[[0-?]*[ -\/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** A parser per log: colour set on one line carries on to the next, as on a terminal. */
export function ansiRenderer() {
  if (Anser === null) {
    return (text, target) => target.append(document.createTextNode(text.replace(ESCAPES, '')));
  }
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
