/** The diagram's colours: a muted government palette, given as SVG presentation attributes (no inline CSS). */
export const PALETTE = {
  ink: '#1f2d3d',
  muted: '#5a6776',
  laneFill: ['#f7f9fb', '#eef2f6'],
  laneHeader: '#dbe3ec',
  laneLine: '#c4cfdb',
  laneText: '#1f3a5f',
  stepFill: '#ffffff',
  stepStroke: '#4f6784',
  startFill: '#2f5d50',
  startText: '#ffffff',
  endProductFill: '#e3efe7',
  endProductStroke: '#2f6b4f',
  endOtherFill: '#f4eee6',
  endOtherStroke: '#8c6a3f',
  edge: '#4a5968',
  backEdge: '#9a5a3a',
  guardFill: '#fffaf0',
  guardStroke: '#dcc9a3',
  guardText: '#6e4210',
  noteText: '#8a5a14',
  /** A comparison's marks: new, changed, gone. */
  mark: { baru: '#2e7d32', ubah: '#b26a00', hapus: '#b3261e' },
};

export const FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, 'Noto Sans', Roboto, sans-serif";
