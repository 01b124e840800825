// Copies the page's third-party assets into src/dateline/web/static/ so that the page needs no
// network at run time. Run `npm ci && npm run build` in web/ after changing versions; the
// output is committed, so users of dateline never need npm.
import { readFileSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "dateline", "web", "static");
const nm = join(here, "node_modules");
mkdirSync(out, { recursive: true });

copyFileSync(join(nm, "leaflet/dist/leaflet.js"), join(out, "leaflet.js"));
copyFileSync(join(nm, "leaflet/dist/leaflet.css"), join(out, "leaflet.css"));

// world-atlas (Natural Earth 1:110m, public domain) as plain GeoJSON, coordinates rounded.
const topo = JSON.parse(readFileSync(join(nm, "world-atlas/countries-110m.json"), "utf8"));
const geo = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === "number" ? [+c[0].toFixed(2), +c[1].toFixed(2)] : c.map(round));
// A ring that crosses the antimeridian (Fiji, Russia) would be drawn as a line across the
// whole map: shift its western longitudes by 360° so the ring stays continuous.
const unwrap = (c) => {
  if (typeof c[0][0] === "number") {
    const crosses = c.some((p, i) => i > 0 && Math.abs(p[0] - c[i - 1][0]) > 180);
    return crosses ? c.map((p) => (p[0] < 0 ? [p[0] + 360, p[1]] : p)) : c;
  }
  return c.map(unwrap);
};
for (const f of geo.features) {
  f.geometry.coordinates = round(unwrap(f.geometry.coordinates));
  f.properties = { name: f.properties.name, id: f.id };
}
writeFileSync(join(out, "countries.geojson"), JSON.stringify(geo));

const pkg = (p) => JSON.parse(readFileSync(join(nm, p, "package.json"), "utf8")).version;
writeFileSync(
  join(out, "THIRD_PARTY.txt"),
  [
    `leaflet ${pkg("leaflet")} (BSD-2-Clause, https://leafletjs.com): leaflet.js, leaflet.css`,
    `world-atlas ${pkg("world-atlas")} (ISC; Natural Earth data, public domain): countries.geojson`,
    `  converted from countries-110m.json with topojson-client ${pkg("topojson-client")}`,
    "",
  ].join("\n"),
);
console.log(`wrote assets to ${out}`);
