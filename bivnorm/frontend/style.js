// bivnorm/frontend/style.js: the explorer's CSS. Its own white background in
// light and dark pages, text >= 4.5:1, targets >= 24 CSS px, focus always visible.

export const CSS = `
.bivnorm-explorer { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-start;
  font: 14px/1.35 system-ui, sans-serif; color: #1f2937; background: #ffffff;
  padding: 10px; border: 1px solid #9ca3af; border-radius: 6px; max-width: 100%;
  box-sizing: border-box; color-scheme: light; }
.bivnorm-explorer * { box-sizing: border-box; }
/* The plot is 1.2 times as tall as wide: at most the viewport's height less a
   page header, the view switch, the legend and the hint, so that the whole
   explorer shows at 1280x800. */
.bivnorm-explorer .bne-plot { flex: 1 1 300px; min-width: 0;
  max-width: min(600px, calc((100vh - 400px) / 1.2)); }
.bivnorm-explorer canvas { display: block; touch-action: none; cursor: crosshair;
  max-width: 100%; }
.bivnorm-explorer .bne-panel { flex: 1 1 260px; max-width: 400px; min-width: 0; }
.bivnorm-explorer .bne-row { display: grid; grid-template-columns: 2.4em 1fr 3.4em;
  align-items: center; gap: 6px; min-height: 24px; }
.bivnorm-explorer .bne-row label { font-weight: 600; }
.bivnorm-explorer .bne-row input { width: 100%; margin: 0; height: 24px; accent-color: #1d4ed8; }
.bivnorm-explorer .bne-value { font-variant-numeric: tabular-nums; text-align: right; }
.bivnorm-explorer button { font: inherit; min-height: 26px; min-width: 26px; margin: 2px 4px 2px 0;
  padding: 1px 8px; border: 1px solid #6b7280; border-radius: 4px; background: #f3f4f6;
  color: #111827; cursor: pointer; }
.bivnorm-explorer button:disabled { color: #4b5563; cursor: default; }
.bivnorm-explorer :focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.bivnorm-explorer canvas:focus-visible { outline-offset: -3px; }
.bivnorm-explorer .bne-group { margin: 6px 0 2px; font-weight: 600; }
.bivnorm-explorer .bne-note, .bivnorm-explorer .bne-hint { color: #374151; font-size: 13px; margin: 4px 0; }
.bivnorm-explorer table { border-collapse: collapse; font-size: 13px; margin: 6px 0;
  font-variant-numeric: tabular-nums; }
.bivnorm-explorer th, .bivnorm-explorer td { padding: 1px 6px; text-align: right; border: 0;
  background: transparent; color: #1f2937; }
.bivnorm-explorer th { font-weight: 600; }
.bivnorm-explorer tr, .bivnorm-explorer tr > * { background: #ffffff !important;
  color: #1f2937 !important; border: 0 !important; }
.bivnorm-explorer .bne-legend { display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 13px;
  margin: 4px 0; padding: 0; list-style: none; }
.bivnorm-explorer .bne-legend li { display: flex; align-items: center; gap: 4px; margin: 0; }
.bivnorm-explorer .bne-swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; }
.bivnorm-explorer .bne-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
`;
