// dateline's web page: map, timeline, filters, event / article / place views.
// Every value from the database is put into the page with textContent (never innerHTML).
"use strict";

(function () {
  const PAGE = 200;
  const state = {
    actor: "", type: "", place: "", since: "", until: "", rejected: false,
    offset: 0, events: [], total: 0, selected: null, hist: [],
  };

  // --- helpers -------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = String(v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  window.datelineDom = { el };  // shared with review.js (loaded after this file)
  const $ = (id) => document.getElementById(id);
  const qs = (params) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) u.set(k, v);
    return u.toString();
  };
  async function api(path, params) {
    const url = "/api/" + path + (params ? "?" + qs(params) : "");
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) {
      let msg = r.status + " " + r.statusText;
      try { msg = (await r.json()).detail || msg; } catch (e) { /* not JSON */ }
      throw new Error(typeof msg === "string" ? msg : JSON.stringify(msg));
    }
    return r.json();
  }
  function status(text) { $("status").textContent = text; }
  function panel(...children) {
    const p = $("panel");
    p.replaceChildren(...children);
    p.scrollTop = 0;
  }
  function kv(pairs) {
    const dl = el("dl", { class: "kv" });
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "") continue;
      dl.append(el("dt", { text: k }), el("dd", {}, v instanceof Node ? v : String(v)));
    }
    return dl;
  }
  const actorsOf = (e) => [e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2].filter(Boolean);
  // the analysts' corrections are in every row (reviewed, review_status); rejected events only on request
  const eventFilters = () => ({ actor: state.actor, type: state.type, place: state.place, include_rejected: state.rejected ? "true" : "" });

  // --- map -----------------------------------------------------------------------------
  const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: false })
    .setView([20, 10], 2);
  const markers = L.layerGroup().addTo(map);
  const markerById = new Map();
  fetch("/static/countries.geojson").then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, {
      style: { color: "#8a99a8", weight: 0.7, fillColor: "#fbfaf5", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  }).catch(() => status("basemap not available"));

  function drawMarkers() {
    markers.clearLayers();
    markerById.clear();
    const pts = [];
    for (const e of state.events) {
      if (e.latitude === null || e.longitude === null) continue;
      const m = L.circleMarker([e.latitude, e.longitude], {
        radius: 5 + Math.min(8, Math.sqrt(e.fatalities || 0) * 2),
        color: "#7b1d12", weight: 1, fillColor: e.background ? "#e6a39b" : "#c0392b", fillOpacity: 0.8,
        className: "event-marker",
      });
      const tip = el("div", {}, el("b", { text: e.event_type + ": " + e.sub_event_type }), el("br"),
        (e.event_date || "undated") + " · " + (e.location || ""));
      m.bindTooltip(tip);
      m.on("click", () => showEvent(e));
      m.addTo(markers);
      markerById.set(e.event_id, m);
      pts.push([e.latitude, e.longitude]);
    }
    if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.4), { maxZoom: 6 });
  }

  // --- timeline (SVG with a brush) -------------------------------------------------------
  const DAY = 86400000;
  const toDay = (s) => Date.parse(s + "T00:00:00Z");
  const fromDay = (t) => new Date(t).toISOString().slice(0, 10);
  const svgEl = (tag, attrs) => {
    const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    return n;
  };
  let scale = null;

  function drawTimeline() {
    const svg = $("timeline");
    svg.replaceChildren();
    const w = svg.clientWidth || 600, h = svg.clientHeight || 100, pad = 14, base = h - 16;
    const hist = state.hist;
    if (!hist.length) { scale = null; $("range").textContent = "no dated events"; return; }
    const t0 = toDay(hist[0].date) - DAY, t1 = toDay(hist[hist.length - 1].date) + DAY;
    const x = (t) => pad + ((t - t0) / (t1 - t0)) * (w - 2 * pad);
    scale = { t0, t1, pad, w, x, inv: (px) => t0 + ((px - pad) / (w - 2 * pad)) * (t1 - t0) };
    const max = Math.max(...hist.map((d) => d.n));
    const bw = Math.max(3, Math.min(12, ((w - 2 * pad) / ((t1 - t0) / DAY)) * 0.8));
    for (const d of hist) {
      const t = toDay(d.date), bh = Math.max(2, (d.n / max) * (base - 8));
      const inside = (!state.since || d.date >= state.since) && (!state.until || d.date <= state.until);
      const r = svgEl("rect", { x: x(t) - bw / 2, y: base - bh, width: bw, height: bh, class: inside ? "bar" : "bar out" });
      const title = svgEl("title");
      title.textContent = d.date + ": " + d.n + " event" + (d.n === 1 ? "" : "s");
      r.append(title);
      svg.append(r);
    }
    svg.append(svgEl("line", { x1: pad, x2: w - pad, y1: base, y2: base, stroke: "#999" }));
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = t0 + ((t1 - t0) * i) / ticks;
      const label = svgEl("text", { x: x(t), y: h - 3, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle", class: "axis" });
      label.textContent = fromDay(t);
      svg.append(label);
    }
    if (state.since || state.until) {
      const a = state.since ? x(toDay(state.since)) : pad, b = state.until ? x(toDay(state.until) + DAY) : w - pad;
      svg.append(svgEl("rect", { x: Math.min(a, b), y: 0, width: Math.max(2, Math.abs(b - a)), height: base, class: "brush" }));
    }
    $("range").textContent = state.since || state.until
      ? (state.since || "…") + " to " + (state.until || "…") : "all dates";
  }

  (function brush() {
    const svg = $("timeline");
    let start = null, rect = null;
    const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
    svg.addEventListener("mousedown", (ev) => {
      if (!scale) return;
      start = px(ev);
      rect = svgEl("rect", { x: start, y: 0, width: 1, height: svg.clientHeight - 16, class: "brush" });
      svg.append(rect);
      ev.preventDefault();
    });
    window.addEventListener("mousemove", (ev) => {
      if (start === null || !rect) return;
      const p = px(ev);
      rect.setAttribute("x", Math.min(start, p));
      rect.setAttribute("width", Math.max(1, Math.abs(p - start)));
    });
    window.addEventListener("mouseup", (ev) => {
      if (start === null) return;
      const end = px(ev);
      const a = Math.min(start, end), b = Math.max(start, end);
      start = null; rect = null;
      if (b - a < 4) { state.since = ""; state.until = ""; }
      else {
        const lo = Math.max(scale.t0, scale.inv(a)), hi = Math.min(scale.t1, scale.inv(b));
        state.since = fromDay(Math.ceil(lo / DAY) * DAY);
        state.until = fromDay(Math.floor(hi / DAY) * DAY);
        if (state.until < state.since) state.until = state.since;
      }
      state.offset = 0;
      loadEvents().then(showEventList);
      drawTimeline();
    });
  })();

  // --- loading -------------------------------------------------------------------------
  async function loadFacets() {
    const f = await api("events/facets", { top: 300 });
    const types = $("f-type");
    for (const t of f.types) types.append(el("option", { value: t.value, text: t.value + " (" + t.n + ")" }));
    const actors = $("actors");
    for (const a of f.actors) actors.append(el("option", { value: a.value }));
  }
  async function loadHistogram() {
    state.hist = await api("events/histogram", eventFilters());
    drawTimeline();
  }
  async function loadEvents() {
    const page = await api("events", { ...eventFilters(), since: state.since, until: state.until, limit: PAGE, offset: state.offset });
    state.events = page.items;
    state.total = page.total;
    status(page.total + " event" + (page.total === 1 ? "" : "s"));
    drawMarkers();
  }

  // --- views ---------------------------------------------------------------------------
  function eventSummary(e) {
    return el("li", { class: "event-item", "data-event-id": e.event_id, onclick: () => showEvent(e) },
      el("span", { class: "type", text: e.event_type }), " ", el("b", { text: e.sub_event_type }),
      e.review_status ? el("span", { class: "badge " + e.review_status, text: e.review_status }) : null,
      el("div", { text: actorsOf(e).join(" · ") || "no named actor" }),
      el("div", { class: "meta", text: (e.event_date || "undated") + " · " + [e.location, e.country].filter(Boolean).join(", ") }));
  }

  function showEventList() {
    const list = el("ul", { class: "event-list", id: "event-list" }, ...state.events.map(eventSummary));
    const pager = el("div", { class: "pager" },
      el("button", { type: "button", disabled: state.offset === 0 ? "" : null, onclick: () => { state.offset = Math.max(0, state.offset - PAGE); loadEvents().then(showEventList); } }, "◀"),
      el("span", { text: state.total ? (state.offset + 1) + "–" + (state.offset + state.events.length) + " of " + state.total : "no events match" }),
      el("button", { type: "button", disabled: state.offset + PAGE >= state.total ? "" : null, onclick: () => { state.offset += PAGE; loadEvents().then(showEventList); } }, "▶"));
    const exports = el("div", { class: "exports muted", id: "exports" }, "Download: ",
      ...[["geojson", "GeoJSON"], ["acled-csv", "ACLED CSV"], ["parquet", "Parquet (zip)"], ["jsonl", "Articles JSONL"]].flatMap(([f, label]) => [
        el("a", { class: "button", download: "", "data-format": f, href: "/api/export?" + qs({ format: f, ...eventFilters(), since: state.since, until: state.until }), text: label }), " "]));
    panel(el("h2", { text: "Events" }), pager, list, exports);
  }

  function evidenceBlock(e) {
    const box = el("blockquote", { class: "evidence", id: "evidence" });
    const text = e.evidence_text || "";
    const ts = e.trigger_start, te = e.trigger_end, es = e.evidence_start;
    if (ts !== null && te !== null && es !== null && ts >= es && te - es <= text.length) {
      box.append(text.slice(0, ts - es), el("mark", { text: text.slice(ts - es, te - es) }), text.slice(te - es));
    } else box.textContent = text;
    return box;
  }

  // the calibrated probabilities that the type, the date and the place are right (date and
  // place only where they come from the event's own sentence; none is shown where unknown)
  function probabilities(e) {
    const parts = [["type", e.confidence], ["date", e.date_confidence], ["place", e.place_confidence]]
      .filter(([, p]) => p !== null && p !== undefined)
      .map(([name, p]) => name + " " + p.toFixed(2));
    return parts.length ? parts.join(" · ") : null;
  }

  function showEvent(e) {
    state.selected = e.event_id;
    document.querySelectorAll(".event-item.selected").forEach((n) => n.classList.remove("selected"));
    const m = markerById.get(e.event_id);
    if (m) m.openTooltip();
    const placeLink = e.place_geonameid
      ? el("a", { href: "#/place/" + e.place_geonameid, id: "event-place", text: [e.location, e.admin1, e.country].filter(Boolean).join(", ") })
      : [e.location, e.admin1, e.country].filter(Boolean).join(", ");
    panel(
      el("p", {}, el("a", { href: "#/", text: "← all events" })),
      el("h2", { id: "event-title" }, el("span", { class: "type", text: e.event_type }), " ", e.sub_event_type),
      el("h3", { text: "Evidence" }), evidenceBlock(e),
      kv([
        ["date", (e.event_date || "undated") + (e.time_precision ? " (precision " + e.time_precision + ")" : "")],
        ["actor 1", e.actor1], ["associated", e.assoc_actor_1], ["actor 2", e.actor2], ["associated ", e.assoc_actor_2],
        ["place", placeLink], ["fatalities", e.fatalities], ["PLOVER", e.plover_category ? e.plover_category + (e.plover_mode ? " / " + e.plover_mode : "") : null],
        ["claimed by", e.claimed_by], ["background", e.background ? "yes (told as past background)" : null],
        ["confidence", probabilities(e)], ["notes", e.notes],
        ["review", e.reviewed ? e.review_status + " (the analysts' values)" : null],
        ["article", el("a", { href: "#/article/" + encodeURIComponent(e.article_id) + "/event/" + e.idx, id: "open-article", text: e.article_headline || e.article_id })],
      ]));
    if (window.datelineReview) window.datelineReview.show(e, $("panel"));  // review.js
  }

  // article: segments of the text, each with the classes of the spans that cover it
  function showArticle(a, focus) {
    const text = a.text || "";
    const spans = [];
    const add = (start, end, cls, info) => {
      if (start === null || end === null || start === undefined || end === undefined || end <= start) return;
      spans.push({ start: Math.max(0, start), end: Math.min(text.length, end), cls, info });
    };
    a.events.forEach((e, i) => {
      add(e.evidence.start, e.evidence.end, "a-evidence", { event: i });
      if (e.trigger) add(e.trigger.start, e.trigger.end, "a-trigger", { event: i });
    });
    a.quotes.forEach((q, i) => {
      add(q.content.start, q.content.end, "a-quote", { quote: i });
      if (q.speaker) add(q.speaker.start, q.speaker.end, "a-speaker", { quote: i });
    });
    a.mentions.forEach((m, i) => add(m.start, m.end, "a-ent", { mention: i }));
    a.times.forEach((t, i) => add(t.start, t.end, "a-time", { time: i }));
    a.places.forEach((p, i) => add(p.start, p.end, "a-place", { place: i }));
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((x, y) => x - y);
    const body = el("div", { class: "article-text", id: "article-text" });
    let focusNode = null;
    for (let k = 0; k + 1 < points.length; k++) {
      const s = points[k], t = points[k + 1];
      const cover = spans.filter((sp) => sp.start <= s && sp.end >= t);
      const piece = text.slice(s, t);
      if (!cover.length) { body.append(piece); continue; }
      const node = el("span", { class: [...new Set(cover.map((c) => c.cls))].join(" ") , text: piece });
      const titles = [];
      for (const c of cover) {
        const i = c.info;
        if (i.place !== undefined) {
          const p = a.places[i.place];
          titles.push("place: " + p.name + (p.country ? ", " + p.country : ""));
          node.addEventListener("click", (ev) => { ev.stopPropagation(); if (p.geonameid) location.hash = "#/place/" + p.geonameid; });
        } else if (i.mention !== undefined) {
          const m = a.mentions[i.mention];
          const ent = m.entity !== null && m.entity !== undefined ? a.entities[m.entity] : null;
          titles.push(m.label + (ent ? ": " + ent.canonical : ""));
          if (ent) node.addEventListener("click", () => { setFilters({ actor: ent.canonical }); location.hash = "#/"; });
        } else if (i.time !== undefined) {
          const tm = a.times[i.time];
          titles.push(tm.type + " " + tm.value);
        } else if (i.quote !== undefined) {
          const q = a.quotes[i.quote];
          titles.push("quote (" + q.kind + ") by " + (q.speaker_name || q.speaker_text || "unknown"));
        } else if (i.event !== undefined) {
          const e = a.events[i.event];
          titles.push("event: " + e.event_type + " / " + e.sub_event_type + (e.event_date ? " on " + e.event_date : ""));
          if (focus && focus.event === i) node.classList.add("a-focus");
        }
        if (focus && focus.place !== undefined && i.place === focus.place) node.classList.add("a-focus");
      }
      node.title = [...new Set(titles)].join("\n");
      if (!focusNode && node.classList.contains("a-focus")) focusNode = node;
      body.append(node);
    }
    const legend = el("div", { class: "legend" },
      el("span", { class: "a-ent", text: "actor / name" }), el("span", { class: "a-time", text: "date / time" }),
      el("span", { class: "a-place", text: "place" }), el("span", { class: "a-quote", text: "quote" }),
      el("span", { class: "a-evidence", text: "event evidence" }), el("span", { class: "a-trigger", text: "event trigger" }));
    const evList = el("ul", { class: "event-list" }, ...a.events.map((e) => eventSummary({ ...e, ...flatEvent(e, a), article_headline: a.headline })));
    const quotes = el("ul", {}, ...a.quotes.map((q) => el("li", {}, el("b", { text: (q.speaker_name || q.speaker_text || "unknown") + ": " }), "“" + q.content_text + "”")));
    panel(
      el("p", {}, el("a", { href: "#/", text: "← all events" })),
      el("h2", { id: "article-headline", text: a.headline || "(no headline)" }),
      kv([["published", a.published], ["dateline", a.dateline], ["byline", (a.byline || []).join(", ")], ["source", a.source], ["id", a.id]]),
      legend, body,
      el("h3", { text: "Events (" + a.events.length + ")" }), evList,
      el("h3", { text: "Quotes (" + a.quotes.length + ")" }), quotes);
    if (focusNode) focusNode.scrollIntoView({ block: "center" });
  }
  // an Article's Event -> the flat shape of /api/events rows
  function flatEvent(e, a) {
    return {
      article_id: a.id, idx: a.events.indexOf(e),
      trigger_start: e.trigger ? e.trigger.start : null, trigger_end: e.trigger ? e.trigger.end : null,
      evidence_start: e.evidence.start, evidence_end: e.evidence.end,
      plover_category: e.plover ? e.plover.category : null, plover_mode: e.plover ? e.plover.mode : null,
      place_geonameid: e.place !== null && e.place !== undefined && a.places[e.place] ? a.places[e.place].geonameid : null,
    };
  }

  async function showPlace(gid) {
    const p = await api("places/" + encodeURIComponent(gid));
    const control = p.control_available
      ? (p.control.length
        ? el("table", { class: "control" }, el("tr", {}, ...Object.keys(p.control[0]).map((k) => el("th", { text: k }))),
          ...p.control.map((r) => el("tr", {}, ...Object.values(r).map((v) => el("td", { text: v === null ? "" : typeof v === "object" ? JSON.stringify(v) : v })))))
        : el("p", { class: "muted", text: "No control periods recorded for this place." }))
      : el("p", { class: "muted", text: "The control timeline has not been computed for this database." });
    panel(
      el("p", {}, el("a", { href: "#/", text: "← all events" })),
      el("h2", { id: "place-name", text: p.name }),
      kv([["country", p.country], ["region", p.admin1], ["kind", p.feature], ["coordinates", p.latitude !== null ? p.latitude.toFixed(4) + ", " + p.longitude.toFixed(4) : null], ["GeoNames id", p.geonameid], ["mentions", p.n_mentions]]),
      el("h3", { text: "Control timeline" }), control,
      el("h3", { text: "Events here (" + p.events.length + ")" }), el("ul", { class: "event-list" }, ...p.events.map(eventSummary)),
      el("h3", { text: "Articles naming it" }),
      el("ul", {}, ...p.articles.map((r) => el("li", {}, el("a", { href: "#/article/" + encodeURIComponent(r.id), text: r.headline || r.id }), " ", el("span", { class: "muted", text: r.published || "" })))));
    if (p.latitude !== null) map.setView([p.latitude, p.longitude], 6);
  }

  async function showArticles(q) {
    const page = await api("articles", { q: q || "", limit: 100 });
    const input = el("input", { id: "article-q", placeholder: "search text", maxlength: 200, value: q || "" });
    const form = el("form", { onsubmit: (ev) => { ev.preventDefault(); showArticles(input.value); } }, input, el("button", { type: "submit", text: "Search" }));
    panel(el("h2", { text: "Articles (" + page.total + ")" }), form,
      el("ul", {}, ...page.items.map((r) => el("li", {}, el("a", { href: "#/article/" + encodeURIComponent(r.id), text: r.headline || r.id }),
        el("div", { class: "muted", text: [r.published, r.dateline, r.n_events + " events", r.n_quotes + " quotes"].filter(Boolean).join(" · ") })))));
  }

  // --- filters and routing -------------------------------------------------------------
  function setFilters(f) {
    Object.assign(state, f, { offset: 0 });
    $("f-actor").value = state.actor; $("f-type").value = state.type; $("f-place").value = state.place;
    $("f-rejected").checked = state.rejected;
    return Promise.all([loadHistogram(), loadEvents()]).then(() => { if (!location.hash || location.hash === "#/") showEventList(); });
  }
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    setFilters({ actor: $("f-actor").value.trim(), type: $("f-type").value, place: $("f-place").value.trim(), rejected: $("f-rejected").checked }).catch(fail);
    if (location.hash && location.hash !== "#/") location.hash = "#/";
  });
  $("f-type").addEventListener("change", () => $("filters").requestSubmit());
  $("f-rejected").addEventListener("change", () => $("filters").requestSubmit());
  $("f-clear").addEventListener("click", () => {
    state.since = ""; state.until = "";
    setFilters({ actor: "", type: "", place: "", rejected: false }).catch(fail);
    location.hash = "#/";
  });

  function fail(err) { status("error: " + err.message); }

  async function route() {
    const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    try {
      if (parts[0] === "article" && parts[1]) {
        const a = await api("articles/" + encodeURIComponent(parts[1]));
        const focus = parts[2] === "event" ? { event: Number(parts[3]) } : parts[2] === "place" ? { place: Number(parts[3]) } : null;
        showArticle(a, focus);
      } else if (parts[0] === "place" && parts[1]) await showPlace(parts[1]);
      else if (parts[0] === "articles") await showArticles("");
      else showEventList();
    } catch (err) { fail(err); panel(el("p", { text: "Could not load: " + err.message })); }
  }
  window.addEventListener("hashchange", route);
  // review.js after an analyst's action: the list, map and timeline show the reviewed values
  window.addEventListener("dateline:reviewed", () => { Promise.all([loadHistogram(), loadEvents()]).catch(fail); });
  window.addEventListener("resize", () => drawTimeline());

  Promise.all([loadFacets(), loadHistogram(), loadEvents()])
    .then(route)
    .then(() => document.body.setAttribute("data-ready", "1"))
    .catch(fail);
})();
