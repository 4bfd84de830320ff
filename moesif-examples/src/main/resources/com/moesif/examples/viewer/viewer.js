// The local collector's event viewer. Plain browser JavaScript, no libraries and no build step:
// the page must work from the jar on a machine without internet.
//
// Every value that comes from an event is written with textContent or as an SVG attribute,
// never as HTML: events carry whatever the captured API received, scripts included.
"use strict";

(function () {
  const POLL_MS = 1000;
  const MAX_EVENTS = 500; // as many as the collector keeps: the page never grows without bound
  const SVG = "http://www.w3.org/2000/svg";

  const state = { events: [], lastSeq: 0, selected: null };
  const $ = (id) => document.getElementById(id);
  const tbody = document.querySelector("#events tbody");

  // ---- events list ------------------------------------------------------------------------

  function statusOf(event) {
    const s = event.response && event.response.status;
    return typeof s === "number" ? s : null;
  }

  function pathOf(uri) {
    try {
      const u = new URL(uri);
      return u.pathname + u.search;
    } catch (e) {
      return String(uri || "");
    }
  }

  function timeOf(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime())) {
      return "";
    }
    const pad = (n, w) => String(n).padStart(w, "0");
    return pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2)
        + "." + pad(d.getMilliseconds(), 3);
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text == null || text === "" ? "-" : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function rowFor(item) {
    const e = item.event;
    const req = e.request || {};
    const status = statusOf(e);
    const tr = document.createElement("tr");
    tr.dataset.seq = item.seq;
    tr.dataset.direction = e.direction || "Incoming";
    tr.dataset.statusClass = status == null ? "" : String(Math.floor(status / 100));
    tr.dataset.user = e.user_id || "";
    tr.tabIndex = 0;
    cell(tr, timeOf(req.time), "time");
    cell(tr, e.direction === "Outgoing" ? "out" : "in", "dir dir-" + (e.direction === "Outgoing" ? "out" : "in"));
    cell(tr, req.verb, "method");
    const uri = cell(tr, pathOf(req.uri), "uri");
    uri.title = String(req.uri || "");
    cell(tr, status, "num status s" + (status == null ? "x" : Math.floor(status / 100)));
    cell(tr, e.user_id, "user").title = String(e.user_id || "");
    cell(tr, e.company_id, "company").title = String(e.company_id || "");
    cell(tr, e.weight == null ? 1 : e.weight, "num weight");
    cell(tr, e.blocked_by, e.blocked_by ? "blocked" : "");
    tr.addEventListener("click", () => select(item.seq));
    tr.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        select(item.seq);
      }
    });
    return tr;
  }

  function matches(tr) {
    const direction = $("filter-direction").value;
    const status = $("filter-status").value;
    const user = $("filter-user").value.trim().toLowerCase();
    return (!direction || tr.dataset.direction === direction)
        && (!status || tr.dataset.statusClass === status)
        && (!user || tr.dataset.user.toLowerCase().includes(user));
  }

  function applyFilters() {
    let shown = 0;
    for (const tr of tbody.rows) {
      const visible = matches(tr);
      tr.hidden = !visible;
      if (visible) {
        shown++;
      }
    }
    $("shown").textContent = shown + " of " + tbody.rows.length + " shown";
    $("empty").hidden = state.events.length > 0;
  }

  // Rows are ordered by request time, newest first. Events arrive in batches, and batches from
  // different shipper threads interleave, so arrival order is not time order.
  function sortKey(item) {
    const t = item.event.request && Date.parse(item.event.request.time);
    return isNaN(t) ? Number.MAX_SAFE_INTEGER : t;
  }

  function addEvents(items) {
    for (const item of items) {
      state.events.push(item);
      const tr = rowFor(item);
      tr.dataset.sortKey = sortKey(item);
      let before = tbody.firstChild;
      while (before && Number(before.dataset.sortKey) > sortKey(item)) {
        before = before.nextSibling;
      }
      tbody.insertBefore(tr, before);
    }
    while (state.events.length > MAX_EVENTS) {
      const dropped = state.events.shift();
      const tr = tbody.querySelector('tr[data-seq="' + dropped.seq + '"]');
      if (tr) {
        tr.remove();
      }
    }
    applyFilters();
  }

  function select(seq) {
    state.selected = seq;
    for (const tr of tbody.querySelectorAll("tr.selected")) {
      tr.classList.remove("selected");
    }
    const tr = tbody.querySelector('tr[data-seq="' + seq + '"]');
    if (tr) {
      tr.classList.add("selected");
    }
    const item = state.events.find((i) => i.seq === seq);
    $("detail-hint").hidden = item != null;
    $("detail-title").textContent = item ? "#" + item.seq + " " + (item.event.transaction_id || "") : "";
    $("detail-json").textContent = item ? JSON.stringify(item.event, null, 2) : "";
  }

  // ---- charts (hand-written SVG) --------------------------------------------------------------

  function svgEl(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) {
      el.setAttribute(k, String(v));
    }
    if (text != null) {
      el.textContent = String(text);
    }
    return el;
  }

  function clear(svg) {
    while (svg.firstChild) {
      svg.firstChild.remove();
    }
  }

  function drawRate(perSecond) {
    const svg = $("chart-rate");
    clear(svg);
    const counts = perSecond.counts;
    const max = Math.max(1, ...counts);
    const left = 28, top = 8, width = 284, height = 80;
    const barWidth = width / counts.length;
    svg.appendChild(svgEl("line", { x1: left, y1: top + height, x2: left + width, y2: top + height, class: "axis" }));
    svg.appendChild(svgEl("text", { x: left - 4, y: top + 8, class: "label end" }, max));
    svg.appendChild(svgEl("text", { x: left - 4, y: top + height, class: "label end" }, 0));
    counts.forEach((count, i) => {
      if (count === 0) {
        return;
      }
      const h = Math.max(1, (count / max) * height);
      const bar = svgEl("rect", {
        x: left + i * barWidth + 0.5, y: top + height - h, width: Math.max(1, barWidth - 1), height: h, class: "bar rate",
      });
      bar.appendChild(svgEl("title", {}, count + " events"));
      svg.appendChild(bar);
    });
    const end = new Date(perSecond.end * 1000);
    svg.appendChild(svgEl("text", { x: left, y: top + height + 16, class: "label" }, "-60 s"));
    svg.appendChild(svgEl("text", { x: left + width, y: top + height + 16, class: "label end" }, timeOf(end.toISOString()).slice(0, 8)));
  }

  function drawHorizontal(svgId, rows, unit) {
    const svg = $(svgId);
    clear(svg);
    const max = Math.max(1, ...rows.map((r) => r.value || 0));
    const left = 44, width = 220, rowHeight = 100 / rows.length;
    rows.forEach((r, i) => {
      const y = 4 + i * rowHeight;
      svg.appendChild(svgEl("text", { x: left - 6, y: y + rowHeight * 0.62, class: "label end" }, r.label));
      const value = r.value == null ? 0 : r.value;
      const w = value === 0 ? 0 : Math.max(2, (value / max) * width);
      const bar = svgEl("rect", { x: left, y: y + 2, width: w, height: Math.max(4, rowHeight - 6), class: "bar " + r.cls });
      bar.dataset.value = value;
      svg.appendChild(bar);
      svg.appendChild(svgEl("text", { x: left + w + 6, y: y + rowHeight * 0.62, class: "label" },
          r.value == null ? "-" : r.value + (unit || "")));
    });
  }

  function drawStats(stats) {
    $("total").textContent = stats.events;
    const ent = stats.entities || {};
    const parts = Object.entries(ent).filter(([, n]) => n > 0).map(([kind, n]) => n + " " + kind + (n === 1 ? "" : "s"));
    $("entities").textContent = parts.length ? parts.join(", ") + " updated" : "no users or companies yet";
    drawRate(stats.per_second);
    const sc = stats.status_classes;
    drawHorizontal("chart-status", [
      { label: "2xx", value: sc["2xx"], cls: "s2" },
      { label: "3xx", value: sc["3xx"], cls: "s3" },
      { label: "4xx", value: sc["4xx"], cls: "s4" },
      { label: "5xx", value: sc["5xx"], cls: "s5" },
    ]);
    const l = stats.latency_ms;
    drawHorizontal("chart-latency", [
      { label: "p50", value: l.p50, cls: "lat" },
      { label: "p90", value: l.p90, cls: "lat" },
      { label: "p99", value: l.p99, cls: "lat" },
      { label: "max", value: l.max, cls: "lat" },
    ], " ms");
  }

  // ---- polling --------------------------------------------------------------------------------

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(path + ": HTTP " + response.status);
    }
    return response.json();
  }

  async function poll() {
    try {
      // Ask again at once while a full page came back, so a large backlog loads in one go.
      for (;;) {
        const page = await getJson("api/events?since=" + state.lastSeq);
        if (page.events.length > 0) {
          addEvents(page.events);
        }
        state.lastSeq = Math.max(state.lastSeq, page.last_seq);
        if (page.events.length === 0 || state.lastSeq >= page.total) {
          break;
        }
      }
      drawStats(await getJson("api/stats"));
      $("connection").textContent = "live";
      $("connection").className = "connection live";
    } catch (e) {
      $("connection").textContent = "collector unreachable, retrying";
      $("connection").className = "connection down";
    }
    setTimeout(poll, POLL_MS);
  }

  for (const id of ["filter-direction", "filter-status"]) {
    $(id).addEventListener("change", applyFilters);
  }
  $("filter-user").addEventListener("input", applyFilters);
  $("base-uri").textContent = location.origin;
  applyFilters();
  poll();
})();
