/*
 * Augur dashboard: the series list, a live chart of the selected series (Apache ECharts) and the alert list.
 * Data: GET /api/series, /api/chart?series=ID, /api/alerts; live updates: server-sent events from /api/events
 * (observation, score, forecast, alert). With a token, open the page as /?token=TOKEN.
 */
(function () {
  'use strict';

  var LIMIT = 600;
  var ANOMALY_SCORE = 0.99;
  var COLORS = { CRITICAL: '#d62728', WARNING: '#ff7f0e', INFO: '#1f77b4' };
  var BAND_90 = 'rgba(84, 112, 198, 0.15)';
  var BAND_80 = 'rgba(84, 112, 198, 0.28)';

  var params = new URLSearchParams(window.location.search);
  var token = params.get('token') || params.get('access_token') || sessionStorage.getItem('augur.token');
  if (token) {
    sessionStorage.setItem('augur.token', token);
  }

  var state = {
    series: {},        // id -> row of /api/series
    alerts: {},        // id -> latest alert event
    selected: null,
    chart: null        // data of the selected series
  };
  window.augur = state;

  var chart = echarts.init(document.getElementById('chart'));
  window.addEventListener('resize', function () { chart.resize(); });

  function api(path) {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    return fetch(path, { headers: headers }).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (t) { throw new Error(path + ': HTTP ' + r.status + ' ' + t); });
      }
      return r.json();
    });
  }

  function fmtTime(ms) {
    return ms == null ? '' : new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z');
  }

  function fmtNum(v, digits) {
    return v == null || !isFinite(v) ? '-' : Number(v).toFixed(digits);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  // ---- series list ----

  function renderSeriesList() {
    var list = document.getElementById('series-list');
    var filter = document.getElementById('filter').value.toLowerCase();
    var ids = Object.keys(state.series).sort();
    document.getElementById('series-empty').style.display = ids.length ? 'none' : '';
    list.textContent = '';
    ids.forEach(function (id) {
      if (filter && id.toLowerCase().indexOf(filter) < 0) { return; }
      var s = state.series[id];
      var li = el('li', id === state.selected ? 'selected' : '');
      li.dataset.series = id;
      var dotClass = 'dot ' + (s.severity || (s.warmingUp ? 'warming' : 'ok'));
      var dot = el('span', dotClass);
      dot.title = s.severity ? s.severity + ' alert open' : (s.warmingUp ? 'model warming up' : 'no open alert');
      li.appendChild(dot);
      li.appendChild(el('span', 'name', id));
      li.appendChild(el('span', 'nums', fmtNum(s.lastValue, 2) + '  s=' + fmtNum(s.lastScore, 4)));
      li.addEventListener('click', function () { select(id); });
      list.appendChild(li);
    });
  }

  function refreshSeries() {
    return api('/api/series').then(function (rows) {
      var seen = {};
      rows.forEach(function (r) { seen[r.series] = true; state.series[r.series] = r; });
      Object.keys(state.series).forEach(function (id) { if (!seen[id]) { delete state.series[id]; } });
      renderSeriesList();
      if (!state.selected && rows.length) {
        var fromHash = decodeURIComponent((window.location.hash.match(/series=([^&]+)/) || [])[1] || '');
        select(state.series[fromHash] ? fromHash : rows[0].series);
      }
    });
  }

  // ---- alerts ----

  function renderAlerts() {
    var body = document.querySelector('#alerts tbody');
    var list = Object.keys(state.alerts).map(function (id) { return state.alerts[id]; });
    list.sort(function (a, b) { return b.startTime - a.startTime || (a.id < b.id ? -1 : 1); });
    var open = list.filter(function (a) { return a.state !== 'RESOLVE'; }).length;
    document.getElementById('alert-counts').textContent = open + ' open, ' + list.length + ' in the list';
    document.getElementById('alerts-empty').style.display = list.length ? 'none' : '';
    body.textContent = '';
    list.slice(0, 200).forEach(function (a) {
      var tr = el('tr', a.state);
      tr.dataset.alertId = a.id;
      var st = el('td'); st.appendChild(el('span', 'badge ' + a.state, a.state)); tr.appendChild(st);
      var sv = el('td'); sv.appendChild(el('span', 'badge ' + a.severity, a.severity)); tr.appendChild(sv);
      var subject = a.subject + (a.members && a.members.length ? ' (' + a.members.join(', ') + ')' : '');
      tr.appendChild(el('td', null, subject));
      tr.appendChild(el('td', null, a.rule));
      tr.appendChild(el('td', null, fmtTime(a.startTime)));
      tr.appendChild(el('td', null, fmtTime(a.endTime)));
      tr.appendChild(el('td', null, fmtNum(a.peakScore, 6)));
      tr.appendChild(el('td', null, a.reason));
      tr.addEventListener('click', function () {
        var target = a.subjectKind === 'SERIES' ? a.subject : (a.members || [])[0];
        if (target && state.series[target]) { select(target); }
      });
      body.appendChild(tr);
    });
  }

  function refreshAlerts() {
    return api('/api/alerts?state=all&limit=500').then(function (list) {
      state.alerts = {};
      list.forEach(function (a) { state.alerts[a.id] = a; });
      renderAlerts();
    });
  }

  function concerns(alert, series) {
    return alert.subjectKind === 'SERIES' ? alert.subject === series
      : (alert.members || []).indexOf(series) >= 0;
  }

  // ---- chart ----

  function select(id) {
    state.selected = id;
    history.replaceState(null, '', window.location.pathname + window.location.search + '#series='
      + encodeURIComponent(id));
    renderSeriesList();
    document.getElementById('chart-title').textContent = id;
    api('/api/chart?series=' + encodeURIComponent(id) + '&limit=' + LIMIT).then(function (d) {
      if (state.selected !== id) { return; }
      state.chart = {
        series: id,
        observations: d.observations,
        scores: d.scores,
        history: d.forecastHistory,
        forecast: d.forecast
      };
      d.alerts.forEach(function (a) { state.alerts[a.id] = a; });
      renderChart();
      renderAlerts();
    }).catch(function (e) {
      document.getElementById('chart-status').textContent = e.message;
    });
  }

  /** The bands and mean: one-step-ahead history, then every step of the latest forecast (which wins on overlap). */
  function forecastPoints(c) {
    var byT = {};
    c.history.forEach(function (p) { byT[p.t] = p; });
    if (c.forecast) { c.forecast.steps.forEach(function (p) { byT[p.t] = p; }); }
    return Object.keys(byT).map(Number).sort(function (a, b) { return a - b; }).map(function (t) { return byT[t]; });
  }

  function band(points, lo, hi) {
    var lower = [];
    var width = [];
    points.forEach(function (p) {
      if (p[lo] == null || p[hi] == null) { return; }
      lower.push([p.t, p[lo]]);
      width.push([p.t, p[hi] - p[lo]]);
    });
    return { lower: lower, width: width };
  }

  function alertAreas(c) {
    var last = c.observations.length ? c.observations[c.observations.length - 1][0] : null;
    var areas = [];
    Object.keys(state.alerts).forEach(function (id) {
      var a = state.alerts[id];
      if (!concerns(a, c.series)) { return; }
      var end = a.endTime != null ? a.endTime : (last != null && last > a.startTime ? last : a.startTime);
      areas.push([
        { xAxis: a.startTime, name: a.rule + ' (' + a.severity.toLowerCase() + ')',
          itemStyle: { color: COLORS[a.severity], opacity: 0.12 },
          label: { offset: [0, (areas.length % 3) * 13] } },
        { xAxis: end }
      ]);
    });
    return areas;
  }

  function renderChart() {
    var c = state.chart;
    if (!c) { return; }
    var fc = forecastPoints(c);
    var b90 = band(fc, 'q05', 'q95');
    var b80 = band(fc, 'q10', 'q90');
    var valueAt = {};
    c.observations.forEach(function (p) { valueAt[p[0]] = p[1]; });
    var anomalies = c.scores.filter(function (s) { return !s.warmingUp && s.score >= ANOMALY_SCORE; })
      .map(function (s) {
        return { value: [s.t, valueAt[s.t] != null ? valueAt[s.t] : s.observed], score: s.score };
      });
    var st = state.series[c.series];
    document.getElementById('chart-status').textContent = (st && st.group ? 'group ' + st.group + ' · ' : '')
      + c.observations.length + ' observations · ' + c.scores.length + ' scores'
      + (c.forecast ? ' · forecast from ' + fmtTime(c.forecast.originTime) : '');
    chart.setOption({
      animation: false,
      legend: { top: 0, data: ['observed', 'forecast mean', '80% band', '90% band', 'anomaly', 'score'] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'cross' } },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [{ left: 60, right: 24, top: 34, height: '58%' }, { left: 60, right: 24, top: '76%', height: '14%' }],
      xAxis: [{ type: 'time', gridIndex: 0, axisLabel: { show: false } }, { type: 'time', gridIndex: 1 }],
      yAxis: [{ type: 'value', gridIndex: 0, scale: true, name: 'value' },
        { type: 'value', gridIndex: 1, min: 0, max: 1, name: 'score', splitNumber: 2 }],
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1] }],
      series: [
        { name: '90% band', id: 'band90-lower', type: 'line', stack: 'band90', data: b90.lower, symbol: 'none',
          lineStyle: { opacity: 0 }, itemStyle: { color: BAND_90 }, silent: true, tooltip: { show: false } },
        { name: '90% band', id: 'band90-width', type: 'line', stack: 'band90', data: b90.width, symbol: 'none',
          lineStyle: { opacity: 0 }, itemStyle: { color: BAND_90 }, areaStyle: { color: BAND_90 },
          silent: true,
          tooltip: { show: false } },
        { name: '80% band', id: 'band80-lower', type: 'line', stack: 'band80', data: b80.lower, symbol: 'none',
          lineStyle: { opacity: 0 }, itemStyle: { color: BAND_80 }, silent: true, tooltip: { show: false } },
        { name: '80% band', id: 'band80-width', type: 'line', stack: 'band80', data: b80.width, symbol: 'none',
          lineStyle: { opacity: 0 }, itemStyle: { color: BAND_80 }, areaStyle: { color: BAND_80 },
          silent: true,
          tooltip: { show: false } },
        { name: 'forecast mean', id: 'mean', type: 'line', symbol: 'none',
          data: fc.map(function (p) { return [p.t, p.mean]; }),
          lineStyle: { type: 'dashed', width: 1.5, color: '#5470c6' }, itemStyle: { color: '#5470c6' } },
        { name: 'observed', id: 'observed', type: 'line', symbol: 'none', data: c.observations,
          lineStyle: { width: 1.5, color: '#1d2330' }, itemStyle: { color: '#1d2330' },
          markArea: { silent: true, label: { show: true, position: 'insideTop', fontSize: 10, color: '#5b2020',
            textBorderWidth: 0 },
            data: alertAreas(c) } },
        { name: 'anomaly', id: 'anomalies', type: 'scatter', data: anomalies, symbolSize: 9,
          itemStyle: { color: '#d62728' }, z: 5 },
        { name: 'score', id: 'score', type: 'line', xAxisIndex: 1, yAxisIndex: 1, symbol: 'none',
          data: c.scores.map(function (s) { return [s.t, s.score]; }),
          lineStyle: { width: 1, color: '#9467bd' }, itemStyle: { color: '#9467bd' } }
      ]
    }, { replaceMerge: ['series'] });
    document.body.dataset.chartReady = 'true';
  }

  var renderPending = false;
  function scheduleRender() {
    if (renderPending) { return; }
    renderPending = true;
    setTimeout(function () { renderPending = false; renderChart(); }, 300);
  }

  function pushPoint(list, point, time) {
    var n = list.length;
    if (n && time(list[n - 1]) === time(point)) {
      list[n - 1] = point;
    } else {
      list.push(point);
      if (n && time(point) < time(list[n - 1])) {
        list.sort(function (a, b) { return time(a) - time(b); });
      }
    }
    while (list.length > LIMIT) { list.shift(); }
  }

  // ---- live updates ----

  function seriesRow(id) {
    if (!state.series[id]) {
      state.series[id] = { series: id, severity: null, warmingUp: false, lastValue: null, lastScore: null };
      renderSeriesListSoon();
      if (!state.selected) { select(id); }
    }
    return state.series[id];
  }

  var listPending = false;
  function renderSeriesListSoon() {
    if (listPending) { return; }
    listPending = true;
    setTimeout(function () { listPending = false; renderSeriesList(); }, 500);
  }

  function connect() {
    var url = '/api/events' + (token ? '?access_token=' + encodeURIComponent(token) : '');
    var source = new EventSource(url);
    var conn = document.getElementById('connection');
    source.onopen = function () { conn.textContent = 'live'; conn.className = 'connection on'; };
    source.onerror = function () { conn.textContent = 'reconnecting'; conn.className = 'connection off'; };
    source.addEventListener('observation', function (e) {
      var d = JSON.parse(e.data);
      var row = seriesRow(d.series);
      row.lastValue = d.v;
      renderSeriesListSoon();
      if (state.chart && state.chart.series === d.series) {
        pushPoint(state.chart.observations, [d.t, d.v], function (p) { return p[0]; });
        scheduleRender();
      }
    });
    source.addEventListener('score', function (e) {
      var d = JSON.parse(e.data);
      var row = seriesRow(d.series);
      row.lastScore = d.score;
      row.warmingUp = d.warmingUp;
      renderSeriesListSoon();
      if (state.chart && state.chart.series === d.series) {
        pushPoint(state.chart.scores, d, function (p) { return p.t; });
        scheduleRender();
      }
    });
    source.addEventListener('forecast', function (e) {
      var d = JSON.parse(e.data);
      seriesRow(d.series);
      if (state.chart && state.chart.series === d.series && d.steps.length) {
        pushPoint(state.chart.history, d.steps[0], function (p) { return p.t; });
        state.chart.forecast = { originTime: d.originTime, steps: d.steps };
        scheduleRender();
      }
    });
    source.addEventListener('alert', function (e) {
      var a = JSON.parse(e.data);
      state.alerts[a.id] = a;
      renderAlerts();
      refreshSeries();
      if (state.chart && concerns(a, state.chart.series)) { scheduleRender(); }
    });
  }

  document.getElementById('filter').addEventListener('input', renderSeriesList);
  refreshAlerts().catch(function (e) { console.warn(e); });
  refreshSeries().catch(function (e) { console.warn(e); });
  connect();
  setInterval(function () { refreshSeries().catch(function (e) { console.warn(e); }); }, 5000);
}());
