// gh-activity dashboard: reads the JSON API, draws the tiles with ECharts, keeps the filters in the URL and
// refreshes itself when /api/status reports a new warehouse version (a newly loaded hour).
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const POLL_MS = Math.max(500, parseInt(params.get('poll') || '5000', 10) || 5000);
  const COLORS = { bar: '#0969da', hot: '#bf3989', cold: '#cf222e', selected: '#1a7f37', line: '#0969da' };
  const fmt = new Intl.NumberFormat('en-US');
  const charts = {};
  let version = null;
  let renders = 0;

  const $ = (id) => document.getElementById(id);
  // ECharts inserts a tooltip formatter's string as HTML; every data string (a type may be any non-empty string)
  // goes through esc() there. Everywhere else the page sets textContent or draws on the canvas, never HTML.
  const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
    }
    return charts[id];
  }

  // ---- filters <-> URL -------------------------------------------------------------------------------------------
  function filtersFromUrl() {
    const p = new URLSearchParams(location.search);
    return { from: p.get('from') || '', to: p.get('to') || '', type: p.get('type') || '' };
  }

  function filtersFromForm() {
    // API hours are "YYYY-MM-DDTHH"; a date without an hour means the whole day (00 for from, 23 for to)
    const hour = (date, h) => (date ? date + 'T' + h : '');
    return { from: hour($('f-from-date').value, $('f-from-hour').value || '00'),
      to: hour($('f-to-date').value, $('f-to-hour').value || '23'), type: $('f-type').value };
  }

  function showFilters(f) {
    $('f-from-date').value = f.from ? f.from.substring(0, 10) : '';
    $('f-from-hour').value = f.from ? f.from.substring(11, 13) : '00';
    $('f-to-date').value = f.to ? f.to.substring(0, 10) : '';
    $('f-to-hour').value = f.to ? f.to.substring(11, 13) : '23';
    ensureTypeOption(f.type);
    $('f-type').value = f.type;
  }

  function fillHourSelects() {
    for (const id of ['f-from-hour', 'f-to-hour']) {
      for (let h = 0; h < 24; h++) {
        const v = String(h).padStart(2, '0');
        $(id).add(new Option(v + ':00', v));
      }
    }
  }

  function ensureTypeOption(type) {
    const sel = $('f-type');
    if (type && ![...sel.options].some((o) => o.value === type)) {
      sel.add(new Option(type, type));
    }
  }

  function apiQuery(f, extra) {
    const q = new URLSearchParams();
    for (const k of ['from', 'to', 'type']) {
      if (f[k]) q.set(k, f[k]);
    }
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  function pushUrl(f) {
    const q = new URLSearchParams(location.search);
    for (const k of ['from', 'to', 'type']) {
      if (f[k]) q.set(k, f[k]); else q.delete(k);
    }
    const s = q.toString();
    history.pushState(null, '', location.pathname + (s ? '?' + s : ''));
  }

  async function getJson(path) {
    const r = await fetch(path, { cache: 'no-store' });
    const body = await r.json();
    if (!r.ok) throw new Error(body.message || r.statusText);
    return body;
  }

  // ---- rendering ---------------------------------------------------------------------------------------------------
  function renderKpis(s) {
    $('kpi-events').textContent = fmt.format(s.events);
    $('kpi-actors').textContent = fmt.format(s.actors);
    $('kpi-repos').textContent = fmt.format(s.repos);
    $('kpi-latest').textContent = s.latest_hour ? s.latest_hour.replace('T', ' ') + ':00' : '–';
    $('kpi-lag').textContent = s.lag_seconds == null ? '' : 'lag: ' + humanLag(s.lag_seconds) + ' behind now';
  }

  function humanLag(sec) {
    if (sec < 120) return sec + ' s';
    if (sec < 7200) return Math.round(sec / 60) + ' min';
    if (sec < 172800) return Math.round(sec / 3600) + ' h';
    return fmt.format(Math.round(sec / 86400)) + ' days';
  }

  function renderTraffic(rows) {
    const max = Math.max(...rows.map((r) => r.events));
    const total = rows.reduce((a, r) => a + r.events, 0);
    const busiest = max > 0 ? rows.find((r) => r.events === max).hour : -1;
    chart('chart-traffic').setOption({
      animation: false,
      grid: { left: 8, right: 12, top: 32, bottom: 34, containLabel: true },
      tooltip: { trigger: 'axis', formatter: (p) => hourTip(p[0], total) },
      xAxis: { type: 'category', data: rows.map((r) => String(r.hour).padStart(2, '0')), name: 'UTC hour of day',
        nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'events', nameTextStyle: { align: 'left' }, axisLabel: { formatter: compact } },
      series: [{ type: 'bar', data: rows.map((r) => ({ value: r.events,
        itemStyle: { color: r.hour === busiest ? COLORS.hot : COLORS.bar } })) }],
    }, true);
    $('traffic-caption').textContent = busiest < 0 ? 'No events in this range.'
      : `Busiest: ${String(busiest).padStart(2, '0')}:00 UTC with ${fmt.format(max)} events `
        + `(${pct(max / total)} of the range).`;
  }

  function hourTip(p, total) {
    return `${esc(p.name)}:00 UTC<br>${fmt.format(p.value)} events (${pct(total ? p.value / total : 0)})`;
  }

  function renderTypes(rows, selected) {
    const sorted = rows.slice().sort((a, b) => a.events - b.events || a.type.localeCompare(b.type)); // least at bottom
    const least = sorted.length ? sorted[0].type : null;
    chart('chart-types').setOption({
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 34, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (p) => `${esc(p[0].name)}<br>${fmt.format(sorted[p[0].dataIndex].events)} events (${p[0].value}%)` },
      xAxis: { type: 'value', name: 'share of all events (%)', nameLocation: 'middle', nameGap: 26,
        axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: sorted.map((r) => r.type), axisLabel: { fontSize: 11 } },
      series: [{ type: 'bar', label: { show: true, position: 'right', formatter: (p) => p.value + '%' },
        data: sorted.map((r) => ({ value: +(r.share * 100).toFixed(2),
          itemStyle: { color: r.type === least ? COLORS.cold : (r.type === selected ? COLORS.selected : COLORS.bar) } })) }],
    }, true);
    $('types-caption').textContent = least
      ? `Least popular: ${least} with ${pct(sorted[0].share)} of events — not popular enough.`
        + (selected ? ` Selected: ${selected} (green).` : '')
      : 'No events in this range.';
  }

  function renderTimeline(rows) {
    chart('chart-timeline').setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: rows.length > 72 ? 62 : 34, containLabel: true },
      tooltip: { trigger: 'axis', formatter: (p) => `${esc(p[0].name.replace('T', ' '))}:00 UTC<br>${fmt.format(p[0].value)} events` },
      xAxis: { type: 'category', data: rows.map((r) => r.hour), name: 'hour (UTC)', nameLocation: 'middle', nameGap: 30,
        axisLabel: { formatter: (v) => v.substring(5).replace('T', ' ') + 'h' } },
      yAxis: { type: 'value', name: 'events per hour', nameTextStyle: { align: 'left' }, axisLabel: { formatter: compact } },
      dataZoom: rows.length > 72 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [],
      series: [{ type: 'line', showSymbol: rows.length <= 48, data: rows.map((r) => r.events),
        lineStyle: { color: COLORS.line }, itemStyle: { color: COLORS.line }, areaStyle: { opacity: 0.12 } }],
    }, true);
  }

  function renderRepos(id, rows) {
    const body = $(id);
    body.replaceChildren(...(rows.length ? rows.map((r, i) => row(i + 1, r.repo, fmt.format(r.events)))
      : [row('', 'No repos in this range.', '')]));
  }

  function row(...cells) {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (i === 2) td.className = 'num';
      if (i === 1) td.title = c;
      tr.appendChild(td);
    });
    return tr;
  }

  const compact = (v) => (v >= 1e6 ? v / 1e6 + 'M' : v >= 1e3 ? v / 1e3 + 'k' : v);
  const pct = (x) => (x * 100).toFixed(2) + '%';

  // ---- data flow ---------------------------------------------------------------------------------------------------
  async function refresh() {
    const f = filtersFromUrl();
    showFilters(f);
    const q = apiQuery(f);
    try {
      const [summary, traffic, types, allTypes, timeline, most, least] = await Promise.all([
        getJson('/api/summary' + q), getJson('/api/traffic-by-hour' + q),
        getJson('/api/event-types' + apiQuery({ from: f.from, to: f.to })), getJson('/api/event-types'),
        getJson('/api/timeline' + q), getJson('/api/repos' + apiQuery(f, { order: 'most', limit: 10 })),
        getJson('/api/repos' + apiQuery(f, { order: 'least', limit: 10 })),
      ]);
      allTypes.forEach((t) => ensureTypeOption(t.type));
      $('f-type').value = f.type;
      $('f-error').hidden = true;
      renderKpis(summary);
      renderTraffic(traffic);
      renderTypes(types, f.type);
      renderTimeline(timeline);
      renderRepos('repos-most', most);
      renderRepos('repos-least', least);
      document.body.dataset.renders = String(++renders);
      document.body.dataset.filters = q;
    } catch (e) {
      $('f-error').textContent = e.message;
      $('f-error').hidden = false;
      document.body.dataset.error = e.message;
    }
  }

  async function poll() {
    try {
      const st = await getJson('/api/status');
      const empty = st.loaded_hours === 0;
      $('empty').hidden = !empty;
      $('tiles').hidden = empty;
      document.body.dataset.state = empty ? 'empty' : 'data';
      if (!empty && st.version !== version) {
        version = st.version;
        await refresh();
        Object.values(charts).forEach((c) => c.resize());
      }
      setLive('on', empty ? 'live · waiting for the first hour' : `live · ${st.loaded_hours} hours loaded · `
        + `checked ${new Date().toISOString().substring(11, 19)} UTC`);
    } catch (e) {
      setLive('err', 'offline: ' + e.message);
    }
    setTimeout(poll, POLL_MS);
  }

  function setLive(cls, text) {
    $('live').className = 'live ' + cls;
    $('live-text').textContent = text;
  }

  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    pushUrl(filtersFromForm());
    refresh();
  });
  $('f-reset').addEventListener('click', () => {
    pushUrl({ from: '', to: '', type: '' });
    refresh();
  });
  window.addEventListener('popstate', refresh);
  fillHourSelects();
  showFilters(filtersFromUrl());
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  poll();
})();
