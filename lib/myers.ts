// Linear-space Myers diff (the middle-snake variant GNU diff uses) over integer sequences.
// Elements that occur only on one side are removed first: they can never match, and dropping
// them makes wholesale rewrites cost nothing.

export type Changes = { removed: Uint8Array; added: Uint8Array };

/** Marks which elements of `a` were removed and which of `b` were added in a minimal edit. */
export function diffSequences(a: Int32Array, b: Int32Array): Changes {
  const removed = new Uint8Array(a.length);
  const added = new Uint8Array(b.length);
  // Consecutive versions mostly share their head and tail: trim those first, so the work
  // below scales with the edited middle instead of the whole file (blame runs this per version).
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  if (start > 0 || endA < a.length || endB < b.length) {
    const middle = diffSequences(a.subarray(start, endA), b.subarray(start, endB));
    removed.set(middle.removed, start);
    added.set(middle.added, start);
    return { removed, added };
  }
  const inB = new Set(b);
  const inA = new Set(a);
  const keptA = indicesWhere(a, (v) => inB.has(v), removed);
  const keptB = indicesWhere(b, (v) => inA.has(v), added);
  const x = Int32Array.from(keptA, (i) => a[i]);
  const y = Int32Array.from(keptB, (i) => b[i]);
  const xChanged = new Uint8Array(x.length);
  const yChanged = new Uint8Array(y.length);
  new Myers(x, y, xChanged, yChanged).compare(0, x.length, 0, y.length);
  keptA.forEach((orig, i) => (removed[orig] = xChanged[i]));
  keptB.forEach((orig, i) => (added[orig] = yChanged[i]));
  return { removed, added };
}

function indicesWhere(seq: Int32Array, keep: (v: number) => boolean, dropped: Uint8Array): number[] {
  const kept: number[] = [];
  for (let i = 0; i < seq.length; i++) {
    if (keep(seq[i])) kept.push(i);
    else dropped[i] = 1;
  }
  return kept;
}

const BIG = 0x7fffffff;

class Myers {
  private readonly fd: Int32Array;
  private readonly bd: Int32Array;
  private readonly off: number;

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly removed: Uint8Array,
    private readonly added: Uint8Array,
  ) {
    this.off = b.length + 1;
    this.fd = new Int32Array(a.length + b.length + 3);
    this.bd = new Int32Array(a.length + b.length + 3);
  }

  compare(xoff: number, xlim: number, yoff: number, ylim: number): void {
    const { a, b } = this;
    while (xoff < xlim && yoff < ylim && a[xoff] === b[yoff]) (xoff++, yoff++);
    while (xlim > xoff && ylim > yoff && a[xlim - 1] === b[ylim - 1]) (xlim--, ylim--);
    if (xoff === xlim) {
      for (let j = yoff; j < ylim; j++) this.added[j] = 1;
    } else if (yoff === ylim) {
      for (let i = xoff; i < xlim; i++) this.removed[i] = 1;
    } else {
      const [xmid, ymid] = this.middleSnake(xoff, xlim, yoff, ylim);
      this.compare(xoff, xmid, yoff, ymid);
      this.compare(xmid, xlim, ymid, ylim);
    }
  }

  // Finds a point on a minimal edit path roughly halfway through it (Myers 1986, section 4b).
  private middleSnake(xoff: number, xlim: number, yoff: number, ylim: number): [number, number] {
    const { a, b, fd, bd, off } = this;
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    const odd = ((fmid - bmid) & 1) !== 0;
    let fmin = fmid,
      fmax = fmid,
      bmin = bmid,
      bmax = bmid;
    fd[off + fmid] = xoff;
    bd[off + bmid] = xlim;
    for (;;) {
      if (fmin > dmin) fd[off + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) fd[off + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const lo = fd[off + d - 1];
        const hi = fd[off + d + 1];
        let x = lo >= hi ? lo + 1 : hi;
        let y = x - d;
        while (x < xlim && y < ylim && a[x] === b[y]) (x++, y++);
        fd[off + d] = x;
        if (odd && bmin <= d && d <= bmax && bd[off + d] <= x) return [x, y];
      }
      if (bmin > dmin) bd[off + --bmin - 1] = BIG;
      else ++bmin;
      if (bmax < dmax) bd[off + ++bmax + 1] = BIG;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const lo = bd[off + d - 1];
        const hi = bd[off + d + 1];
        let x = lo < hi ? lo : hi - 1;
        let y = x - d;
        while (x > xoff && y > yoff && a[x - 1] === b[y - 1]) (x--, y--);
        bd[off + d] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[off + d]) return [x, y];
      }
    }
  }
}
