// eventwire map page: plain JavaScript over the JSON API, no build step, no network beyond this server.
"use strict";

const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const OTHER_COLOR = "#7f7f7f";
const PAGE = 5000; // the API's largest page; past that the status line asks for narrower filters
// what the map needs per event (the panel fetches the full event with its reports on click)
const MAP_FIELDS = ["event_id", "event_date", "event_type", "sub_event_type", "location", "country",
  "latitude", "longitude", "fatalities", "n_sources", "certainty"].join(",");
// events the text does not state as fact get a dashed outline
const WEAK_CERTAINTY = new Set(["claimed", "unverified", "denied"]);

// evidence fields -> highlight colour group (the CSS colours marks by these classes)
const FIELD_GROUPS = {
  event_type: "what", sub_event_type: "what", civilian_targeting: "what",
  actor1: "who", assoc_actor_1: "who", actor2: "who", assoc_actor_2: "who", inter1: "who", inter2: "who",
  event_date: "when", date_start: "when", date_end: "when", time_precision: "when",
  location: "where", country: "where", admin1: "where", admin2: "where", admin3: "where",
  latitude: "where", longitude: "where", geo_precision: "where",
  fatalities: "toll", fatalities_low: "toll", fatalities_high: "toll",
  reported_by: "source", certainty: "source", source: "source",
};
const GROUP_LABELS = { what: "what happened", who: "actors", when: "date", where: "place", toll: "fatalities", source: "source / certainty" };

const state = { brush: null, events: [], byDay: [], selected: null };
let map, markerLayer, labelLayer;
const rings = []; // co-located markers: [marker, centre LatLng, pixel offset] re-placed on zoom

// ---- small helpers ----
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === "") continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}
const svgEl = (tag, attrs) => {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
};
const colorOf = (type) => TYPE_COLORS[type] || OTHER_COLOR;
const radiusOf = (fatalities) => Math.min(26, 5 + 2.2 * Math.sqrt(Math.max(0, Number(fatalities) || 0)));
const status = (text, isError) => {
  const s = document.getElementById("status");
  s.textContent = text;
  s.classList.toggle("error", Boolean(isError));
};

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${path}: HTTP ${response.status}`);
  return body;
}

function formFilters({ withDates = true } = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(document.getElementById("filters"))) {
    if (!withDates && (k === "since" || k === "until")) continue;
    if (String(v).trim()) params.set(k, String(v).trim());
  }
  return params;
}

// ---- the map ----
function initMap() {
  map = L.map("map", { worldCopyJump: true, zoomSnap: 0.5, preferCanvas: false }).setView([25, 20], 2);
  const borders = L.layerGroup().addTo(map);
  const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors",
  });
  L.control.layers(null, {
    "Country borders (offline)": borders,
    "OpenStreetMap tiles (needs network)": tiles,
  }, { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
  markerLayer = L.featureGroup().addTo(map);
  labelLayer = L.layerGroup();
  map.on("zoomend", () => { toggleLabels(); placeRings(); });
  addLegend();

  fetch("static/vendor/world-atlas/countries-50m.json")
    .then((r) => r.json())
    .then((topo) => {
      const countries = topojson.feature(topo, topo.objects.countries);
      const shapes = L.geoJSON(countries, {
        interactive: false,
        style: { color: "#8a96a3", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(borders);
      shapes.bringToBack();
      // country names at the centre of each country's largest polygon, shown once zoomed in
      shapes.eachLayer((layer) => {
        const name = layer.feature.properties && layer.feature.properties.name;
        if (!name) return;
        const ll = layer.getLatLngs(); // Polygon: [outer, holes...]; MultiPolygon: [[outer, holes...], ...]
        const outers = L.LineUtil.isFlat(ll[0]) ? [ll[0]] : ll.map((poly) => poly[0]);
        const largest = outers.map((r) => L.latLngBounds(r))
          .sort((a, b) => area(b) - area(a))[0] || layer.getBounds();
        L.tooltip({ permanent: true, direction: "center", className: "country-label", interactive: false })
          .setLatLng(largest.getCenter()).setContent(name).addTo(labelLayer);
      });
      toggleLabels();
    })
    .catch((e) => status(`could not load the country borders: ${e.message}`, true));
}

const area = (b) => (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());

function toggleLabels() {
  const show = map.getZoom() >= 4;
  if (show && !map.hasLayer(labelLayer)) labelLayer.addTo(map);
  if (!show && map.hasLayer(labelLayer)) map.removeLayer(labelLayer);
}

function placeRings() {
  for (const [marker, centre, offset] of rings) {
    marker.setLatLng(map.unproject(map.project(centre).add(offset)));
  }
}

function addLegend() {
  // under the map, beside the timeline it also explains, so it never hides a marker
  const box = document.getElementById("legend");
  for (const [type, color] of Object.entries(TYPE_COLORS)) {
    box.append(el("span", { class: "legend-type", title: `show only ${type} (click again for all)`, onclick: () => {
      const form = document.getElementById("filters");
      form.type.value = form.type.value === type ? "" : type;
      form.requestSubmit();
    } }, el("i", { style: `background:${color}` }), type));
  }
  const sizes = el("span", { class: "legend-size", title: "circle size grows with fatalities" }, "killed");
  for (const n of [0, 10]) {
    const r = radiusOf(n);
    const svg = svgEl("svg", { width: 2 * r + 2, height: 2 * r + 2 });
    svg.append(svgEl("circle", { cx: r + 1, cy: r + 1, r, fill: "#9aa5b1", stroke: "#fff" }));
    sizes.append(svg, String(n));
  }
  const dashed = svgEl("svg", { width: 14, height: 14 });
  dashed.append(svgEl("circle", { cx: 7, cy: 7, r: 5.5, fill: "#9aa5b1", stroke: "#333", "stroke-dasharray": "3 2", "stroke-width": 1.5 }));
  box.append(sizes, el("span", { class: "legend-size", title: "claimed, unverified or denied" }, dashed, "not confirmed"));
}

function drawMarkers(events) {
  markerLayer.clearLayers();
  rings.length = 0;
  state.selected = null;
  const here = new Map(); // co-located events, listed in the panel
  for (const ev of events) {
    if (ev.latitude == null || ev.longitude == null) continue;
    const key = `${Number(ev.latitude).toFixed(4)},${Number(ev.longitude).toFixed(4)}`;
    if (!here.has(key)) here.set(key, []);
    here.get(key).push(ev);
  }
  const sorted = [...events].sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0)); // small on top
  for (const ev of sorted) {
    if (ev.latitude == null || ev.longitude == null) continue;
    const key = `${Number(ev.latitude).toFixed(4)},${Number(ev.longitude).toFixed(4)}`;
    const weak = WEAK_CERTAINTY.has(ev.certainty);
    const marker = L.circleMarker([ev.latitude, ev.longitude], {
      radius: radiusOf(ev.fatalities),
      color: weak ? "#333333" : "#ffffff", weight: weak ? 1.5 : 1.2, dashArray: weak ? "3 2" : null, fillColor: colorOf(ev.event_type), fillOpacity: events.length > 500 ? 0.6 : 0.85,
      className: "ew-marker",
    });
    marker.options.baseStyle = { color: marker.options.color, weight: marker.options.weight };
    const where = [ev.location, ev.country].filter(Boolean).join(", ");
    marker.bindTooltip(`${ev.event_date || "?"} · ${ev.sub_event_type || ev.event_type || "event"}` +
      (where ? ` · ${where}` : "") + (ev.fatalities ? ` · ${ev.fatalities} killed` : "") +
      (ev.n_sources > 1 ? ` · ${ev.n_sources} sources` : "") + (weak ? ` · ${ev.certainty}` : ""));
    const group = here.get(key);
    if (group.length > 1) { // spread events told at one place on a small ring so each can be clicked
      const k = group.indexOf(ev), step = (2 * Math.PI) / group.length;
      const dist = 4 + 1.2 * Math.max(...group.map((g) => radiusOf(g.fatalities)));
      rings.push([marker, L.latLng(ev.latitude, ev.longitude), L.point(dist * Math.cos(k * step - Math.PI / 2), dist * Math.sin(k * step - Math.PI / 2))]);
    }
    marker.on("click", () => { select(marker); openEvent(ev.event_id, group); });
    marker.on("add", () => {
      const path = marker.getElement();
      if (path) path.setAttribute("data-event-id", ev.event_id);
    });
    marker.addTo(markerLayer);
  }
  placeRings();
}

function unselect() {
  if (!state.selected) return;
  state.selected.setStyle(state.selected.options.baseStyle);
  state.selected = null;
}

function select(marker) {
  unselect();
  state.selected = marker;
  marker.setStyle({ color: "#111111", weight: 2.5 });
  marker.bringToFront();
}

let eventsRequest = 0; // answers to older requests (a fast brush) are dropped

async function loadEvents({ fit = false } = {}) {
  const mine = ++eventsRequest;
  const params = formFilters();
  history.replaceState(null, "", params.toString() ? `#${params}` : location.pathname); // shareable view
  params.set("limit", PAGE);
  params.set("fields", MAP_FIELDS);
  status("loading…");
  try {
    const page = await api(`events?${params}`);
    if (mine !== eventsRequest) return;
    state.events = page.items;
    drawMarkers(page.items);
    const placed = page.items.filter((e) => e.latitude != null && e.longitude != null).length;
    let text = `${page.total} event${page.total === 1 ? "" : "s"}`;
    if (page.total > page.items.length) text += ` (showing ${page.items.length}: narrow the filters)`;
    status(text);
    const unplaced = page.items.filter((e) => e.latitude == null || e.longitude == null);
    if (unplaced.length) { // not on the map, but still one click away
      document.getElementById("status").append(", ", el("a", { href: "#", id: "unplaced", onclick: (e) => {
        e.preventDefault();
        listEvents(`Events without coordinates (${unplaced.length})`, unplaced);
      } }, `${unplaced.length} without coordinates`));
    }
    if (fit && placed) map.fitBounds(markerLayer.getBounds(), { padding: [40, 40], maxZoom: 7 });
  } catch (e) {
    status(e.message, true);
  }
}

// ---- the timeline: events per day stacked by type; drag to pick dates ----
function dayRows(stats) {
  // /stats gives by_day_type as {day: {type: n}}, days in order
  return Object.entries(stats.by_day_type || {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, counts]) => ({ day, counts }));
}

const toDate = (s) => new Date(`${s}T00:00:00Z`);
const iso = (d) => d.toISOString().slice(0, 10);

function drawTimeline() {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const width = svg.clientWidth || 800, height = svg.clientHeight || 120;
  const pad = { l: 34, r: 10, t: 16, b: 20 }; // the top strip holds the hint, above the tallest bar
  if (!state.byDay.length) {
    svg.append(Object.assign(svgEl("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }),
      { textContent: "no dated events for these filters" }));
    return;
  }
  // every day between the first and the last (with one day of margin) gets a slot, so gaps show
  const first = toDate(state.byDay[0].day), last = toDate(state.byDay[state.byDay.length - 1].day);
  first.setUTCDate(first.getUTCDate() - 1);
  last.setUTCDate(last.getUTCDate() + 1);
  const days = [];
  for (let d = new Date(first); d <= last; d.setUTCDate(d.getUTCDate() + 1)) days.push(iso(d));
  const counts = new Map(state.byDay.map((r) => [r.day, r.counts]));
  const total = (c) => Object.values(c || {}).reduce((a, b) => a + b, 0);
  const ymax = Math.max(1, ...state.byDay.map((r) => total(r.counts)));
  const band = (width - pad.l - pad.r) / days.length;
  const barW = Math.max(1, Math.min(40, band * 0.8));
  const y = (n) => (height - pad.b - pad.t) * (n / ymax);
  const xOf = (i) => pad.l + i * band;

  const axis = svgEl("g", { class: "axis" });
  axis.append(svgEl("line", { x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b }));
  const yl = svgEl("text", { x: pad.l - 4, y: pad.t + 4, "text-anchor": "end" });
  yl.textContent = ymax;
  const hint = svgEl("text", { x: width - pad.r, y: 10, "text-anchor": "end", class: "hint" });
  hint.textContent = "events per day · drag across the bars to pick dates";
  axis.append(yl, hint);
  const every = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(width / 90))));
  days.forEach((day, i) => {
    if (i % every) return;
    const t = svgEl("text", { x: xOf(i) + band / 2, y: height - 5, "text-anchor": "middle" });
    t.textContent = day;
    axis.append(t);
  });
  svg.append(axis);

  const bars = svgEl("g", { class: "bars" });
  days.forEach((day, i) => {
    const c = counts.get(day);
    if (!c) return;
    let base = height - pad.b;
    const types = Object.keys(c).sort((a, b) => Object.keys(TYPE_COLORS).indexOf(a) - Object.keys(TYPE_COLORS).indexOf(b));
    for (const type of types) {
      const h = y(c[type]);
      const rect = svgEl("rect", { x: xOf(i) + (band - barW) / 2, y: base - h, width: barW, height: h, fill: colorOf(type) });
      const tip = svgEl("title");
      tip.textContent = `${day}: ${c[type]} ${type}`;
      rect.append(tip);
      bars.append(rect);
      base -= h;
    }
  });
  svg.append(bars);

  const brushRect = svgEl("rect", { class: "brush", y: pad.t, height: height - pad.t - pad.b, x: 0, width: 0 });
  svg.append(brushRect);
  const dayAt = (px) => days[Math.max(0, Math.min(days.length - 1, Math.floor((px - pad.l) / band)))];
  const showBrush = (a, b) => {
    const i = days.indexOf(a), j = days.indexOf(b);
    if (i < 0 || j < 0) { brushRect.setAttribute("width", 0); return; }
    brushRect.setAttribute("x", xOf(i));
    brushRect.setAttribute("width", (j - i + 1) * band);
  };
  if (state.brush) showBrush(state.brush[0], state.brush[1]);

  let start = null;
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.onpointerdown = (ev) => { start = px(ev); svg.setPointerCapture(ev.pointerId); };
  svg.onpointermove = (ev) => {
    if (start === null) return;
    const [a, b] = [start, px(ev)].sort((m, n) => m - n);
    showBrush(dayAt(a), dayAt(b));
  };
  svg.onpointerup = (ev) => {
    if (start === null) return;
    const [a, b] = [start, px(ev)].sort((m, n) => m - n);
    start = null;
    setBrush(dayAt(a), dayAt(b));
  };
}

function setBrush(since, until) {
  const form = document.getElementById("filters");
  state.brush = since ? [since, until] : null;
  form.since.value = since || "";
  form.until.value = until || "";
  document.getElementById("clear-brush").hidden = !since;
  drawTimeline();
  loadEvents();
}

async function loadTimeline() {
  let stats = null;
  try {
    stats = await api(`stats?${formFilters({ withDates: false })}`);
    state.byDay = dayRows(stats);
  } catch (e) {
    state.byDay = [];
    status(e.message, true);
  }
  drawTimeline();
  return stats;
}

async function fillCountries(unfiltered) {
  try {
    const stats = unfiltered || await api("stats");
    const names = Object.keys(stats.by_country || {});
    const select = document.getElementById("filters").country;
    const have = new Set([...select.options].map((o) => o.value));
    for (const name of names.sort()) if (!have.has(name)) select.append(el("option", {}, name));
  } catch (e) {
    status(e.message, true);
  }
}

// ---- the side panel: fields, reports, highlighted evidence ----
const FIELD_ROWS = [
  ["Date", (e) => e.event_date + (e.date_start && e.date_end && e.date_start !== e.date_end ? ` (${e.date_start} to ${e.date_end})` : "") + (e.time_precision ? ` · precision ${e.time_precision}` : "")],
  ["Type", (e) => [e.event_type, e.sub_event_type].filter(Boolean).join(" › ")],
  // `main`: true when some report's headline and lead are about this event; empty rows are not shown
  ["Headline event", (e) => (e.main ? "yes: the event a report's headline and lead are about" : "")],
  ["Actor 1", (e) => [e.actor1, e.assoc_actor_1 && `with ${e.assoc_actor_1}`].filter(Boolean).join(" ") + (e.inter1 ? ` (inter ${e.inter1})` : "")],
  ["Actor 2", (e) => [e.actor2, e.assoc_actor_2 && `with ${e.assoc_actor_2}`].filter(Boolean).join(" ") + (e.inter2 ? ` (inter ${e.inter2})` : "")],
  ["Interaction", (e) => e.interaction],
  ["Civilian targeting", (e) => e.civilian_targeting],
  ["Place", (e) => [e.location, e.admin3, e.admin2, e.admin1, e.country].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(", ")],
  ["Coordinates", (e) => (e.latitude != null ? `${Number(e.latitude).toFixed(4)}, ${Number(e.longitude).toFixed(4)}` : "") + (e.geo_precision ? ` · precision ${e.geo_precision}` : "")],
  ["Fatalities", (e) => {
    const low = e.fatalities_low, high = e.fatalities_high;
    const ranged = (low != null || high != null) && !(low === e.fatalities && high === e.fatalities);
    return (e.fatalities ?? "") + (ranged ? ` (range ${low ?? "?"}–${high ?? "no upper bound"})` : "");
  }],
  ["Certainty", (e) => e.certainty],
  ["Reported by", (e) => e.reported_by],
  ["Sources", (e) => [e.source, e.n_sources != null && `${e.n_sources} independent source${e.n_sources === 1 ? "" : "s"}`].filter(Boolean).join(" · ")],
  ["Notes", (e) => e.notes],
  ["Event id", (e) => e.event_id],
];

function fieldTable(ev) {
  const table = el("table", { class: "fields" });
  for (const [label, get] of FIELD_ROWS) {
    let value;
    try { value = get(ev); } catch { value = ""; }
    if (value === null || value === undefined || String(value).trim() === "" || value === "null") continue;
    table.append(el("tr", {}, el("th", {}, label), el("td", {}, String(value))));
  }
  return table;
}

// Python gives offsets in code points; JavaScript strings index UTF-16 units. Map one to the other.
function codePointIndex(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
  const units = [0];
  let u = 0;
  for (const ch of text) { u += ch.length; units.push(u); }
  return (i) => units[Math.min(i, units.length - 1)];
}

// A span whose offsets do not hold its text (a text re-normalised since) is moved to the nearest
// place that does; one that cannot be found is left out rather than highlighting the wrong words.
const realign = (text) => (s) => {
  if (!s.text || text.slice(s.start, s.end) === s.text) return s;
  const after = text.indexOf(s.text, Math.max(0, s.start - 200));
  const found = after >= 0 ? after : text.indexOf(s.text);
  return found < 0 ? null : { ...s, start: found, end: found + s.text.length };
};

function highlighted(text, spans) {
  // cut the text at every span boundary; a piece covered by spans becomes one <mark> naming its fields
  const toUnit = codePointIndex(text);
  const clean = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .map((s) => ({ field: s.field, start: toUnit(s.start), end: toUnit(s.end), text: s.text }))
    .map(realign(text))
    .filter((s) => s && s.end <= text.length);
  const cuts = [...new Set([0, text.length, ...clean.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const box = el("div", { class: "report-text" });
  for (let k = 0; k < cuts.length - 1; k++) {
    const [a, b] = [cuts[k], cuts[k + 1]];
    const piece = text.slice(a, b);
    const fields = [...new Set(clean.filter((s) => s.start <= a && s.end >= b).map((s) => s.field))];
    if (!fields.length) { box.append(piece); continue; }
    const group = FIELD_GROUPS[fields[0]] || "other";
    box.append(el("mark", { "data-field": fields.join(" "), class: `g-${group}`, title: fields.join(", ") }, piece));
  }
  return box;
}

// a posted document's url is untrusted: only http(s) links, never javascript: or data:
function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch { return null; }
}

function reportBlock(report, i) {
  const doc = report.document || report;
  const text = doc.text || report.text || "";
  const evidence = report.evidence || [];
  const head = el("div", { class: "report-head" },
    el("strong", {}, `Report ${i + 1}`),
    " · ", doc.outlet || report.outlet || "unknown outlet",
    (doc.published || report.published) ? ` · published ${doc.published || report.published}` : "",
    safeUrl(doc.url) ? el("a", { href: safeUrl(doc.url), target: "_blank", rel: "noopener noreferrer" }, " source") : "");
  const title = doc.title ? el("div", { class: "report-title" }, doc.title) : null;
  const version = report.report || report.version || null; // this document's telling of the event
  const versionLine = version ? el("div", { class: "report-version" },
    [version.main ? "headline event" : null, version.event_date, version.sub_event_type, version.actor1, version.location,
      version.fatalities != null ? `${version.fatalities} killed` : null, version.certainty, version.reported_by && `per ${version.reported_by}`]
      .filter((v) => v !== null && v !== undefined && v !== "").join(" · ")) : null;
  return el("section", { class: "report" }, head, title, versionLine,
    text ? highlighted(text, evidence) : el("em", {}, "document text not stored"));
}

function groupLegend() {
  return el("div", { class: "mark-legend" }, "Highlights: ",
    Object.entries(GROUP_LABELS).map(([g, label]) => el("mark", { class: `g-${g}` }, label)));
}

function eventLinks(events, colocated) {
  return el("ul", { class: "others" }, events.map((o) => el("li", {},
    el("a", { href: "#", onclick: (e) => { e.preventDefault(); openEvent(o.event_id, colocated); } },
      [o.event_date || "undated", o.sub_event_type || o.event_type || "event", o.location || o.country]
        .filter(Boolean).join(" · ")))));
}

function listEvents(title, events) {
  const panel = document.getElementById("panel");
  if (panel.hidden) { panel.hidden = false; map.invalidateSize(); }
  unselect();
  document.getElementById("panel-body").replaceChildren(el("h2", {}, title), eventLinks(events));
}

async function openEvent(id, colocated) {
  const panel = document.getElementById("panel");
  const body = document.getElementById("panel-body");
  if (panel.hidden) {
    panel.hidden = false;
    map.invalidateSize();
    // the map just got narrower: keep the clicked marker in view
    if (state.selected) map.panInside(state.selected.getLatLng(), { padding: [60, 60] });
  }
  body.replaceChildren(el("p", {}, "loading…"));
  try {
    const ev = await api(`events/${encodeURIComponent(id)}`);
    const swatch = el("i", { class: "swatch", style: `background:${colorOf(ev.event_type)}` });
    const parts = [
      el("h2", {}, swatch, ev.sub_event_type || ev.event_type || "Event"),
      el("div", { class: "subtitle" }, [ev.event_date, ev.location, ev.country].filter(Boolean).join(" · ")),
      fieldTable(ev),
    ];
    const others = (colocated || []).filter((e) => e.event_id !== id);
    if (others.length) {
      parts.push(el("h3", {}, `Other events at this place (${others.length})`), eventLinks(others, colocated));
    }
    const reports = ev.reports || [];
    parts.push(el("h3", {}, `Reports (${reports.length})`), groupLegend());
    reports.forEach((r, i) => parts.push(reportBlock(r, i)));
    body.replaceChildren(...parts);
    const firstMark = body.querySelector(".report-text mark");
    if (firstMark) {
      const box = firstMark.closest(".report-text");
      box.scrollTop = Math.max(0, firstMark.offsetTop - box.offsetTop - 40);
    }
  } catch (e) {
    body.replaceChildren(el("p", { class: "error" }, e.message));
  }
}

// ---- wiring ----
function populateTypes() {
  const select = document.getElementById("filters").type;
  for (const type of Object.keys(TYPE_COLORS)) select.append(el("option", {}, type));
}

function restoreFromHash(form) {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [k, v] of params) {
    if (!form.elements[k]) continue;
    const field = form.elements[k];
    if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === v)) field.append(el("option", {}, v));
    field.value = v;
  }
  if (form.since.value || form.until.value) state.brush = [form.since.value, form.until.value];
}

document.addEventListener("DOMContentLoaded", async () => {
  populateTypes();
  initMap();
  const form = document.getElementById("filters");
  restoreFromHash(form);
  document.getElementById("clear-brush").hidden = !state.brush;
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !document.getElementById("panel").hidden) document.getElementById("panel-close").click();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.brush = form.since.value || form.until.value
      ? [form.since.value || (state.byDay[0] || {}).day, form.until.value || (state.byDay.at(-1) || {}).day] : null;
    document.getElementById("clear-brush").hidden = !state.brush;
    loadTimeline();
    loadEvents({ fit: true });
  });
  form.addEventListener("reset", () => setTimeout(() => {
    state.brush = null;
    document.getElementById("clear-brush").hidden = true;
    loadTimeline();
    loadEvents({ fit: true });
  }));
  document.getElementById("clear-brush").addEventListener("click", () => setBrush(null, null));
  document.getElementById("panel-close").addEventListener("click", () => {
    document.getElementById("panel").hidden = true;
    map.invalidateSize();
    unselect();
  });
  let lastWidth = 0;
  new ResizeObserver(() => { // the panel opening or a window resize changes the timeline's width
    const w = document.getElementById("timeline").clientWidth;
    if (w !== lastWidth) { lastWidth = w; drawTimeline(); }
  }).observe(document.getElementById("timeline"));
  // with no filter the timeline's stats also list every country: one /stats call, not two
  const filtered = formFilters({ withDates: false }).toString() !== "";
  await Promise.all([
    filtered ? Promise.all([fillCountries(), loadTimeline()]) : loadTimeline().then((stats) => fillCountries(stats)),
    loadEvents({ fit: true }),
  ]);
  document.body.dataset.ready = "true"; // tests wait for this
});
