import type { BoardRules, DrawingView, StrokeView } from '../dashboard-messages.js';

/** How far one arrow key draws. */
const KEY_STEP = 20;
const PEN_WIDTH = 3;

type Point = [number, number];

export function strokeSvg(stroke: StrokeView): string {
  const points = stroke.points.length === 1 ? [stroke.points[0], stroke.points[0]] : stroke.points;
  return (
    `<polyline data-by="${stroke.by}" data-seq="${stroke.seq}" points="${points.map((p) => p?.join(',')).join(' ')}" ` +
    `fill="none" stroke="${stroke.color}" stroke-width="${stroke.width}" stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

/**
 * Drawing on the board: a mouse (or pen, or finger) drag is a stroke, sent when the button is
 * released or when it reaches the most points a stroke may have (the rest starts a new one). With
 * the keyboard: the arrow keys draw from a cursor, shift+arrow moves it without drawing. What is
 * drawn appears when the node sends it back, so every page shows the same board.
 */
export function attachPad(svg: SVGSVGElement, rules: () => BoardRules, colour: () => string, send: (drawing: DrawingView) => void): void {
  const drawing = svg.querySelector<SVGPolylineElement>('#drawing');
  const cursor = svg.querySelector<SVGCircleElement>('#cursor');
  let points: Point[] = [];
  let down = false;
  let at: Point = [rules().width / 2, rules().height / 2];
  const clamp = ([x, y]: Point): Point => [
    Math.round(Math.min(rules().width, Math.max(0, x))),
    Math.round(Math.min(rules().height, Math.max(0, y))),
  ];

  const toBoard = (event: PointerEvent): Point => {
    const matrix = svg.getScreenCTM()?.inverse();
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    return clamp([point.x, point.y]);
  };
  const show = (): void => {
    drawing?.setAttribute('points', points.map((p) => p.join(',')).join(' '));
    drawing?.setAttribute('stroke', colour());
    drawing?.setAttribute('stroke-width', String(PEN_WIDTH));
    cursor?.setAttribute('cx', String(at[0]));
    cursor?.setAttribute('cy', String(at[1]));
  };
  const flush = (): void => {
    if (points.length > 0) send({ color: colour(), width: PEN_WIDTH, points });
    points = points.slice(-1);
  };

  svg.addEventListener('pointerdown', (event) => {
    down = true;
    svg.setPointerCapture(event.pointerId);
    at = toBoard(event);
    points = [at];
    show();
  });
  svg.addEventListener('pointermove', (event) => {
    if (!down) return;
    const next = toBoard(event);
    const last = points.at(-1);
    if (last !== undefined && last[0] === next[0] && last[1] === next[1]) return;
    at = next;
    points.push(next);
    if (points.length >= rules().maxPoints) flush();
    show();
  });
  const end = (): void => {
    if (!down) return;
    down = false;
    flush();
    points = [];
    show();
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);

  svg.addEventListener('keydown', (event) => {
    const delta: Record<string, Point> = {
      ArrowLeft: [-KEY_STEP, 0],
      ArrowRight: [KEY_STEP, 0],
      ArrowUp: [0, -KEY_STEP],
      ArrowDown: [0, KEY_STEP],
    };
    const [dx, dy] = delta[event.key] ?? [0, 0];
    if (dx === 0 && dy === 0) return;
    event.preventDefault();
    const next = clamp([at[0] + dx, at[1] + dy]);
    if (!event.shiftKey) send({ color: colour(), width: PEN_WIDTH, points: [at, next] });
    at = next;
    show();
  });
  show();
}
