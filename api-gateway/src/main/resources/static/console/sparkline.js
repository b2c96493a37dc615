// A sparkline: the last samples of one number as an inline SVG polyline, scaled to the largest
// seen (or to a fixed top, such as a memory limit).

const SVG = 'http://www.w3.org/2000/svg';
const SAMPLES = 60; // two minutes at one sample per 2 s
const WIDTH = 120;
const HEIGHT = 24;

export function sparkline(kind) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', kind);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('class', kind);
  svg.append(line);
  const values = [];
  let top = 0;

  return {
    svg,
    count: () => values.length,
    /** Adds a sample; limit, when given, is the top of the scale. */
    add(value, limit) {
      values.push(Number(value) || 0);
      if (values.length > SAMPLES) values.shift();
      top = limit > 0 ? limit : Math.max(1, ...values);
      const step = WIDTH / (SAMPLES - 1);
      const offset = (SAMPLES - values.length) * step;
      line.setAttribute('points', values
        .map((v, i) => `${(offset + i * step).toFixed(1)},${(HEIGHT - 1 - (Math.min(v, top) / top) * (HEIGHT - 2)).toFixed(1)}`)
        .join(' '));
    },
  };
}
