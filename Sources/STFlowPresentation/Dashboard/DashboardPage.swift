/// The self-contained HTML dashboard: one file, no external assets, works offline. The data is embedded
/// as JSON; a little JavaScript draws the counts by stage, the timeline of every task and the details.
///
/// Filters are also read from the address (`#level=provincial&state=implementation&overdue=1&task=KEY`),
/// so a link can open a filtered view.
public enum DashboardPage {
  public static func html(title: String, dataJSON: String) -> String {
    let safe = dataJSON.replacingOccurrences(of: "</", with: "<\\/")
    return template.replacingOccurrences(of: "%TITLE%", with: HTML.escape(title)).replacingOccurrences(of: "%DATA%", with: safe)
  }

  static let template = """
    <!DOCTYPE html>
    <html lang="vi">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%TITLE%</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2937; }
      h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
      .muted { color: #6b7280; font-size: .9rem; }
      #stages { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
      .stage { border: 1px solid #d1d5db; border-radius: .5rem; padding: .5rem .75rem; min-width: 7rem; }
      .stage .n { font-size: 1.5rem; font-weight: 600; }
      #filters { display: flex; gap: 1rem; align-items: center; margin: .5rem 0 1rem; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; font-size: .9rem; vertical-align: top; }
      tr.task { cursor: pointer; }
      tr.task:hover { background: #f9fafb; }
      tr.overdue td.key { border-left: 4px solid #dc2626; }
      .timeline { position: relative; height: 1.1rem; background: #f3f4f6; min-width: 18rem; }
      .bar { position: absolute; top: .25rem; height: .6rem; background: #93c5fd; border-radius: .3rem; }
      .mark { position: absolute; top: 0; width: 3px; height: 1.1rem; background: #2563eb; }
      .mark.overdue { background: #dc2626; }
      .today { position: absolute; top: -2px; width: 1px; height: 1.3rem; background: #111827; }
      .badge { display: inline-block; padding: 0 .4rem; border-radius: .3rem; font-size: .8rem; }
      .badge.overdue { background: #fee2e2; color: #991b1b; }
      #details { margin-top: 1rem; border: 1px solid #d1d5db; border-radius: .5rem; padding: .75rem 1rem; }
      #details[hidden] { display: none; }
      #details li { margin: .15rem 0; font-size: .9rem; }
    </style>
    </head>
    <body>
    <h1>%TITLE%</h1>
    <div class="muted" id="asof"></div>
    <div id="stages"></div>
    <div id="filters">
      <label>Cấp <select id="f-level"><option value="">tất cả</option></select></label>
      <label>Trạng thái <select id="f-state"><option value="">tất cả</option></select></label>
      <label><input type="checkbox" id="f-overdue"> chỉ quá hạn</label>
      <span class="muted" id="shown"></span>
    </div>
    <table>
      <thead><tr><th>Mã</th><th>Tên nhiệm vụ</th><th>Cấp</th><th>Trạng thái</th><th>Thời gian hợp đồng, hạn</th></tr></thead>
      <tbody id="tasks"></tbody>
    </table>
    <section id="details" hidden></section>
    <script id="data" type="application/json">%DATA%</script>
    <script>
    (function () {
      var data = JSON.parse(document.getElementById('data').textContent);
      var tasks = data.tasks;
      function el(tag, attrs, text) {
        var e = document.createElement(tag);
        for (var k in (attrs || {})) e.setAttribute(k, attrs[k]);
        if (text !== undefined) e.textContent = text;
        return e;
      }
      function day(s) { return Date.parse(s + 'T00:00:00Z') / 86400000; }
      document.getElementById('asof').textContent = 'Số liệu đến ' + data.asOf + ' — ' + tasks.length + ' nhiệm vụ';
      var stages = document.getElementById('stages');
      data.stages.forEach(function (s) {
        var box = el('div', { 'class': 'stage', 'data-stage': s.stage });
        box.appendChild(el('div', { 'class': 'n' }, String(s.count)));
        box.appendChild(el('div', {}, s.label));
        stages.appendChild(box);
      });
      var levels = [], states = [];
      tasks.forEach(function (t) {
        if (levels.indexOf(t.level) < 0) levels.push(t.level);
        if (!states.some(function (s) { return s[0] === t.state; })) states.push([t.state, t.stateLabel]);
      });
      levels.sort().forEach(function (l) { document.getElementById('f-level').appendChild(el('option', { value: l }, l)); });
      states.forEach(function (s) { document.getElementById('f-state').appendChild(el('option', { value: s[0] }, s[1])); });
      var dates = [day(data.asOf)];
      tasks.forEach(function (t) {
        if (t.start) dates.push(day(t.start));
        if (t.end) dates.push(day(t.end));
        t.deadlines.forEach(function (d) { dates.push(day(d.due)); });
      });
      var lo = Math.min.apply(null, dates) - 15, hi = Math.max.apply(null, dates) + 15;
      function pos(s) { return (100 * (day(s) - lo) / (hi - lo)).toFixed(2) + '%'; }
      var body = document.getElementById('tasks');
      tasks.forEach(function (t) {
        var tr = el('tr', { 'class': 'task' + (t.overdue ? ' overdue' : ''), 'data-key': t.key, 'data-level': t.level, 'data-state': t.state,
          'data-overdue': t.overdue ? '1' : '0' });
        tr.appendChild(el('td', { 'class': 'key' }, t.key));
        tr.appendChild(el('td', {}, t.title));
        tr.appendChild(el('td', {}, t.level));
        var st = el('td', {}, t.stateLabel + ' ');
        if (t.overdue) st.appendChild(el('span', { 'class': 'badge overdue' }, 'quá hạn'));
        tr.appendChild(st);
        var cell = el('td'), line = el('div', { 'class': 'timeline' });
        if (t.start && t.end) {
          var bar = el('div', { 'class': 'bar', title: t.start + ' – ' + t.end });
          bar.style.left = pos(t.start);
          bar.style.width = (100 * (day(t.end) - day(t.start)) / (hi - lo)).toFixed(2) + '%';
          line.appendChild(bar);
        }
        t.deadlines.forEach(function (d) {
          var m = el('div', { 'class': 'mark' + (d.phase === 'overdue' ? ' overdue' : ''), title: d.label + ': ' + d.due });
          m.style.left = pos(d.due);
          line.appendChild(m);
        });
        var now = el('div', { 'class': 'today' });
        now.style.left = pos(data.asOf);
        line.appendChild(now);
        cell.appendChild(line);
        tr.appendChild(cell);
        tr.addEventListener('click', function () { show(t.key); setHash(); });
        body.appendChild(tr);
      });
      var current = null;
      function show(key) {
        current = key;
        var t = tasks.filter(function (x) { return x.key === key; })[0];
        var box = document.getElementById('details');
        box.innerHTML = '';
        if (!t) { box.hidden = true; return; }
        box.hidden = false;
        box.appendChild(el('h2', {}, t.key + ' — ' + t.title));
        box.appendChild(el('div', { 'class': 'muted' }, t.stateLabel));
        if (t.deadlines.length) {
          box.appendChild(el('h3', {}, 'Thời hạn'));
          var ul = el('ul', { id: 'deadlines' });
          t.deadlines.forEach(function (d) { ul.appendChild(el('li', {}, d.label + ': ' + d.due + ' (' + d.phase + ')')); });
          box.appendChild(ul);
        }
        if (t.councils.length) {
          box.appendChild(el('h3', {}, 'Hội đồng'));
          var cl = el('ul', { id: 'councils' });
          t.councils.forEach(function (c) { cl.appendChild(el('li', {}, c.label + ': ' + c.outcome + (c.score !== null ? ' (' + c.score + ' điểm)' : ''))); });
          box.appendChild(cl);
        }
        box.appendChild(el('h3', {}, 'Lịch sử'));
        var hl = el('ol', { id: 'history' });
        t.history.forEach(function (h) { hl.appendChild(el('li', {}, h)); });
        box.appendChild(hl);
      }
      function apply() {
        var level = document.getElementById('f-level').value, state = document.getElementById('f-state').value;
        var overdue = document.getElementById('f-overdue').checked, shown = 0;
        Array.prototype.forEach.call(body.rows, function (tr) {
          var ok = (!level || tr.dataset.level === level) && (!state || tr.dataset.state === state) && (!overdue || tr.dataset.overdue === '1');
          tr.style.display = ok ? '' : 'none';
          tr.setAttribute('data-shown', ok ? '1' : '0');
          if (ok) shown++;
        });
        document.getElementById('shown').textContent = shown + ' / ' + tasks.length + ' nhiệm vụ';
        document.body.setAttribute('data-shown', String(shown));
      }
      function setHash() {
        var p = [];
        var level = document.getElementById('f-level').value, state = document.getElementById('f-state').value;
        if (level) p.push('level=' + encodeURIComponent(level));
        if (state) p.push('state=' + encodeURIComponent(state));
        if (document.getElementById('f-overdue').checked) p.push('overdue=1');
        if (current) p.push('task=' + encodeURIComponent(current));
        history.replaceState(null, '', '#' + p.join('&'));
      }
      function fromHash() {
        var q = {};
        location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
          var i = kv.indexOf('=');
          if (i > 0) q[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
        });
        document.getElementById('f-level').value = q.level || '';
        document.getElementById('f-state').value = q.state || '';
        document.getElementById('f-overdue').checked = q.overdue === '1';
        apply();
        if (q.task) show(q.task);
      }
      ['f-level', 'f-state', 'f-overdue'].forEach(function (id) {
        document.getElementById(id).addEventListener('change', function () { apply(); setHash(); });
      });
      window.addEventListener('hashchange', fromHash);
      fromHash();
    })();
    </script>
    </body>
    </html>
    """
}
