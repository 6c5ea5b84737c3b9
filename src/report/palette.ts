/** The report's two sides, the same colour everywhere (legend chips in CSS use the same values). */
export const REAL_COLOR = '#3569b5';
export const SYNTHETIC_COLOR = '#e8801a';
export const FLAG_COLOR = '#c62828';
export const OK_COLOR = '#2e7d32';
/** Diverging scheme of the association heatmaps (d3-scale-chromatic name): red negative, blue positive. */
export const HEATMAP_SCHEME = 'rdbu';
