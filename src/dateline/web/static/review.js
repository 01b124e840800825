// dateline's review loop in the web page: accept, reject, correct, merge and split merged events.
// Only offered when the server has a token (GET /api/health says review: true). The analyst's
// token is kept in sessionStorage and sent as "Authorization: Bearer" with a JSON body: never a
// cookie, so a page of another origin cannot make the browser send it. Every value is put into
// the page with textContent (never innerHTML).
"use strict";

(function () {
  const KEY_TOKEN = "dateline.review.token", KEY_WHO = "dateline.review.analyst", KEY_MARK = "dateline.review.mark";
  const store = window.sessionStorage;
  let enabled = false, subTypes = {}, current = null;

  const el = window.datelineDom.el;  // app.js's element builder (textContent only)
  const token = () => store.getItem(KEY_TOKEN) || "";
  const analyst = () => store.getItem(KEY_WHO) || "analyst";
  const show = (v) => (v === null || v === undefined || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  function say(text) { const s = document.getElementById("review-msg"); if (s) s.textContent = text; }

  async function get(path, params) {
    const r = await fetch("/api/review/" + path + (params ? "?" + new URLSearchParams(params) : ""), { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(r.status + " " + r.statusText);
    return r.json();
  }
  async function post(action, body) {
    const r = await fetch("/api/review/" + action, {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token() },
      body: JSON.stringify({ ...body, analyst: analyst() }),
    });
    let data = null;
    try { data = await r.json(); } catch (e) { /* not JSON */ }
    if (r.status === 401) { store.removeItem(KEY_TOKEN); drawLogin(); }
    if (!r.ok) throw new Error((data && typeof data.detail === "string" ? data.detail : r.status + " " + r.statusText));
    return data;
  }

  // --- sign-in (header) ----------------------------------------------------------------
  function drawLogin() {
    let box = document.getElementById("review-login");
    if (!box) {
      box = el("span", { id: "review-login", class: "review-login" });
      document.querySelector("header").append(box);
    }
    if (token()) {
      box.replaceChildren(el("span", { id: "review-state", text: "Reviewing as " + analyst() }), " ",
        el("button", { type: "button", id: "review-signout", onclick: () => { store.removeItem(KEY_TOKEN); drawLogin(); rerender(); } }, "Sign out"));
      return;
    }
    const tok = el("input", { id: "review-token", type: "password", placeholder: "review token", autocomplete: "off", maxlength: 200 });
    const who = el("input", { id: "review-analyst", placeholder: "your name", maxlength: 100, value: store.getItem(KEY_WHO) || "" });
    const form = el("form", { id: "review-signin", onsubmit: (ev) => {
      ev.preventDefault();
      if (!tok.value.trim()) return;
      store.setItem(KEY_TOKEN, tok.value.trim());
      store.setItem(KEY_WHO, who.value.trim() || "analyst");
      drawLogin(); rerender();
    } }, tok, who, el("button", { type: "submit", id: "review-signin-button" }, "Review"));
    box.replaceChildren(form);
  }

  // --- the review section of an event --------------------------------------------------
  function rerender() { if (current) section(current.e, current.host); }

  async function section(e, host) {
    current = { e, host };
    const ref = { article_id: e.article_id, idx: e.idx };
    let v;
    try { v = await get("event", ref); } catch (err) { return; }
    if (current.e !== e) return;
    const old = document.getElementById("review");
    const box = el("section", { id: "review", class: "review" });
    if (old) old.replaceWith(box); else host.append(box);
    const ev = v.event;
    box.append(el("h3", { text: "Review" }),
      el("p", {}, el("span", { id: "review-status", class: "badge " + (v.status || "unreviewed"), text: v.status || "not reviewed" }),
        " ", el("span", { class: "muted", text: v.event.n_sources + " report" + (v.event.n_sources === 1 ? "" : "s") + " · key " + (v.key || "") })),
      el("dl", { class: "kv", id: "review-values" }, ...["event_type", "sub_event_type", "event_date", "time_precision", "location", "actor1", "actor2", "fatalities", "notes"]
        .flatMap((k) => [el("dt", { text: k + (k in v.corrected ? " ✎" : "") }), el("dd", { class: "rv-" + k, text: show(ev[k]) })])));
    const reports = el("ul", { id: "review-reports" }, ...v.sources.map((s) => el("li", {},
      token() && v.sources.length > 1 ? el("input", { type: "checkbox", class: "review-split-box", "data-article": s.article_id, "data-idx": s.idx }) : null,
      " ", el("span", { text: s.sub_event_type + " — " + (s.source || s.article_id) }), el("div", { class: "muted", text: s.evidence_text }))));
    box.append(el("h4", { text: "Reports" }), reports);
    if (token()) box.append(actions(ref, ev, v));
    box.append(el("p", { id: "review-msg", class: "muted", role: "status" }));
    const hist = el("table", { id: "review-history", class: "control" },
      el("tr", {}, ...["when", "who", "action", "field", "before", "after", "reason"].map((h) => el("th", { text: h }))),
      ...v.history.map((h) => el("tr", {}, ...[h.changed_at.slice(0, 19).replace("T", " "), h.who, h.action, h.field, show(h.before), show(h.after), h.reason || ""]
        .map((x) => el("td", { text: x })))));
    box.append(el("h4", { text: "History" }), v.history.length ? hist : el("p", { class: "muted", id: "review-history", text: "No review yet." }));
  }

  function actions(ref, ev, v) {
    const done = (what) => (r) => {
      say(what); section(current.e, current.host);
      window.dispatchEvent(new CustomEvent("dateline:reviewed"));  // app.js reloads the list
      return r;
    };
    const fail = (err) => say("error: " + err.message);
    const reason = el("input", { id: "review-reason", placeholder: "reason (optional)", maxlength: 2000 });
    const why = () => (reason.value.trim() ? { reason: reason.value.trim() } : {});
    const sub = el("select", { id: "rv-sub_event_type" }, ...Object.keys(subTypes).map((s) => el("option", { value: s, text: subTypes[s] + ": " + s })));
    sub.value = ev.sub_event_type;
    const inputs = {
      sub_event_type: sub,
      event_date: el("input", { id: "rv-event_date", type: "date", value: ev.event_date || "" }),
      time_precision: el("select", { id: "rv-time_precision" }, ...[["", "—"], ["1", "1 day"], ["2", "2 week"], ["3", "3 month"]].map(([k, t]) => el("option", { value: k, text: t }))),
      location: el("input", { id: "rv-location", value: ev.location || "", maxlength: 2000 }),
      actor1: el("input", { id: "rv-actor1", value: ev.actor1 || "", maxlength: 2000 }),
      actor2: el("input", { id: "rv-actor2", value: ev.actor2 || "", maxlength: 2000 }),
      fatalities: el("input", { id: "rv-fatalities", type: "number", min: 0, value: ev.fatalities }),
      notes: el("textarea", { id: "rv-notes", rows: 2, maxlength: 2000 }),
    };
    inputs.time_precision.value = ev.time_precision ? String(ev.time_precision) : "";
    inputs.notes.value = ev.notes || "";
    const form = el("form", { id: "review-form", class: "review-form", onsubmit: (evt) => {
      evt.preventDefault();
      const fields = {};
      for (const [k, node] of Object.entries(inputs)) {
        let val = node.value.trim();
        if (k === "fatalities" || k === "time_precision") val = val === "" ? null : Number(val);
        else if (val === "") val = null;
        const was = ev[k] === undefined ? null : ev[k];
        if (val !== was && !(val === null && was === "")) fields[k] = val;
      }
      if (!Object.keys(fields).length) { say("nothing changed"); return; }
      post("correct", { ...ref, fields, ...why() }).then(done("corrected")).catch(fail);
    } }, ...Object.entries(inputs).map(([k, node]) => el("label", {}, k + " ", node)),
      el("button", { type: "submit", id: "review-save" }, "Save correction"));
    const mark = store.getItem(KEY_MARK);
    const marked = mark ? JSON.parse(mark) : null;
    const buttons = el("p", { class: "review-buttons" },
      el("button", { type: "button", id: "review-accept", onclick: () => post("accept", { ...ref, ...why() }).then(done("accepted")).catch(fail) }, "Accept"), " ",
      el("button", { type: "button", id: "review-reject", onclick: () => post("reject", { ...ref, ...why() }).then(done("rejected")).catch(fail) }, "Reject"), " ",
      el("button", { type: "button", id: "review-mark", onclick: () => { store.setItem(KEY_MARK, JSON.stringify(ref)); say("marked for merging: open the other event and merge"); } }, "Mark for merge"), " ",
      marked && !(marked.article_id === ref.article_id && marked.idx === ref.idx)
        ? el("button", { type: "button", id: "review-merge", onclick: () => post("merge", { ...ref, others: [marked], ...why() }).then((r) => { store.removeItem(KEY_MARK); return r; }).then(done("merged")).catch(fail) }, "Merge marked event into this")
        : null, " ",
      v.sources.length > 1
        ? el("button", { type: "button", id: "review-split", onclick: () => {
          const others = [...document.querySelectorAll(".review-split-box:checked")].map((b) => ({ article_id: b.dataset.article, idx: Number(b.dataset.idx) }));
          if (!others.length) { say("tick the reports to split off"); return; }
          post("split", { ...ref, others, ...why() }).then(done("split")).catch(fail);
        } }, "Split checked reports off")
        : null);
    return el("div", { class: "review-actions" }, buttons, reason, form);
  }

  window.datelineReview = {
    show(e, host) {
      if (!e || e.article_id === undefined || e.idx === undefined) return;
      current = { e, host };
      if (enabled) section(e, host);
    },
  };

  fetch("/api/health").then((r) => r.json()).then(async (h) => {
    enabled = Boolean(h.review);
    if (!enabled) return;
    subTypes = (await get("fields")).sub_event_types;
    drawLogin();
    rerender();
  }).catch(() => { /* read-only */ }).finally(() => document.body.setAttribute("data-review-ready", enabled ? "on" : "off"));
})();
