// A sparkline: the last samples of one number as an inline SVG polyline, scaled to the largest
// of them (at least floor, so that an idle CPU is a flat line at the bottom, not noise).

const SVG = 'http://www.w3.org/2000/svg';
const SAMPLES = 30; // a minute at one sample per 2 s
const WIDTH = 120;
const HEIGHT = 24;

export function sparkline(kind, floor = 1) {
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
  let top = floor;

  return {
    svg,
    count: () => values.length,
    /** Adds a sample. */
    add(value) {
      values.push(Number(value) || 0);
      if (values.length > SAMPLES) values.shift();
      top = Math.max(floor, ...values);
      const step = WIDTH / (SAMPLES - 1); // it fills from the left, then scrolls
      line.setAttribute('points', values
        .map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - 1 - (v / top) * (HEIGHT - 2)).toFixed(1)}`)
        .join(' '));
    },
  };
}
