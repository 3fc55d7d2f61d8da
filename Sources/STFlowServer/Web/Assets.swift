/// The style sheet and the little script of the pages, embedded in the binary (no external asset: the pages
/// work offline on a department's network). Served under `/tai-nguyen/`.
enum Assets {
  static let css = """
    *{box-sizing:border-box}
    body{font-family:"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;margin:0;color:#1f2937;background:#f5f6f8;font-size:16px;line-height:1.45}
    a{color:#1d4ed8}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:1px}
    header.top{background:#7f1d1d;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem}
    header.top .brand{font-weight:700;color:#fff;text-decoration:none;margin-right:auto}
    header.top nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}header.top nav a{color:#fff;text-decoration:none;padding:.2rem 0}
    header.top nav a[aria-current]{border-bottom:2px solid #fde68a}
    header.top .who{font-size:.9rem}header.top form{display:inline}
    header.top button.link{background:none;border:0;color:#fde68a;cursor:pointer;font:inherit;padding:0;text-decoration:underline}
    main{max-width:72rem;margin:0 auto;padding:1rem}
    h1{font-size:1.45rem;margin:.25rem 0 .75rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
    section.card{background:#fff;border:1px solid #e5e7eb;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
    table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;vertical-align:top}
    th{background:#f3f4f6;font-weight:600}td.num{text-align:right;white-space:nowrap}td.key{white-space:nowrap}
    .table-wrap{overflow-x:auto}
    .badge{display:inline-block;padding:.05rem .45rem;border-radius:.3rem;font-size:.85rem;background:#e5e7eb}
    .badge.overdue{background:#fee2e2;color:#991b1b}.badge.state{background:#dbeafe;color:#1e3a8a}.badge.done{background:#dcfce7;color:#14532d}
    .muted{color:#6b7280;font-size:.92rem}
    .flash{background:#ecfdf5;border:1px solid #10b981;padding:.5rem .75rem;border-radius:.4rem}
    .refusal{background:#fef2f2;border:1px solid #dc2626;padding:.6rem .8rem;border-radius:.4rem;margin:.5rem 0}
    .refusal h2{margin:.1rem 0 .3rem;font-size:1.05rem;color:#991b1b}.refusal dl{margin:.3rem 0}.refusal dt{font-weight:600}
    form.stack label{display:block;margin:.6rem 0 .15rem;font-weight:600}
    form.stack .req{color:#b91c1c}
    input,select,textarea{font:inherit;padding:.35rem .45rem;border:1px solid #9ca3af;border-radius:.3rem;max-width:100%}
    form.stack input[type=text],form.stack input[type=password],form.stack input[type=date],form.stack input[type=number],form.stack select,form.stack textarea{width:26rem}
    button,.button{font:inherit;background:#1d4ed8;color:#fff;border:0;border-radius:.35rem;padding:.45rem .9rem;cursor:pointer;text-decoration:none;display:inline-block;margin:.2rem .3rem .2rem 0}
    button.secondary,.button.secondary{background:#e5e7eb;color:#111827}button.danger{background:#b91c1c}
    .actions{display:flex;flex-wrap:wrap;gap:.25rem}
    .filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}.filters label{display:flex;flex-direction:column;font-size:.9rem}
    .pager{margin:.75rem 0;display:flex;gap:.75rem;align-items:center}
    svg.lifecycle{width:100%;max-width:60rem;height:auto;font-size:12px;font-family:inherit}
    svg.lifecycle rect{fill:#fff;stroke:#9ca3af}svg.lifecycle .visited rect{fill:#dbeafe;stroke:#1d4ed8}
    svg.lifecycle .current rect{fill:#fde68a;stroke:#b45309;stroke-width:3}svg.lifecycle .final rect{stroke:#4b5563}
    svg.lifecycle .edge{stroke:#9ca3af;fill:none}svg.lifecycle .edge.taken{stroke:#1d4ed8;stroke-width:2.5}svg.lifecycle marker path{fill:#6b7280}
    svg.timeline{width:100%;height:auto;font-size:11px}svg.timeline .bar{fill:#93c5fd}svg.timeline .bar.overdue{fill:#fca5a5}
    svg.timeline .bar.closed{fill:#bbf7d0}svg.timeline .axis{stroke:#9ca3af}svg.timeline .today{stroke:#111827;stroke-dasharray:3 2}
    .legend{display:flex;gap:1rem;flex-wrap:wrap;font-size:.9rem}.legend span::before{content:"";display:inline-block;width:.9rem;height:.6rem;margin-right:.3rem;background:var(--c)}
    ol.history{padding-left:1.2rem}ol.history li{margin:.2rem 0}
    dl.fields{display:grid;grid-template-columns:minmax(9rem,16rem) 1fr;gap:.2rem 1rem;margin:0}dl.fields dt{color:#4b5563}dl.fields dd{margin:0}
    .skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#000;padding:.3rem;z-index:9}
    @media (max-width:640px){main{padding:.6rem}form.stack input[type=text],form.stack input[type=password],form.stack input[type=date],form.stack input[type=number],form.stack select,form.stack textarea{width:100%}
      dl.fields{grid-template-columns:1fr}dl.fields dd{margin-bottom:.4rem}th.wide,td.wide{display:none}
      table.cards thead{display:none}table.cards tr{display:block;border-bottom:1px solid #d1d5db;padding:.3rem 0}table.cards td{display:block;border:0;padding:.1rem .3rem}}
    @media print{header.top,nav,form,button,.button,.pager,.skip{display:none!important}body{background:#fff}section.card{border:0;padding:0}main{max-width:none}}
    """

  /// A confirm dialog on buttons that say so (`data-confirm`), and filters that apply on change. Nothing needs it.
  static let js = """
    document.addEventListener('submit', function (e) {
      var b = e.submitter || e.target.querySelector('[data-confirm]');
      var text = (b && b.getAttribute('data-confirm')) || e.target.getAttribute('data-confirm');
      if (text && !window.confirm(text)) { e.preventDefault(); }
    });
    document.querySelectorAll('form.filters select, form.filters input[type=checkbox]').forEach(function (el) {
      el.addEventListener('change', function () { el.form.submit(); });
    });
    """
}
