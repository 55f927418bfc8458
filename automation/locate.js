// find(spec) returns the first element a locator spec matches, or null.
// spec = {finds: [{css, role, href: [paths], texts: [..]}], hidden: bool}
(spec) => {
  const norm = (s) => (s || "").normalize("NFKC").replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ").trim().toLowerCase();
  const implicitRoles = {
    link: "a[href]", button: "button,input[type=button],input[type=submit]",
    checkbox: "input[type=checkbox]:not([role])", textbox: "input:not([type]),input[type=text],input[type=email],input[type=url],textarea",
  };
  const visible = (el) => {
    if (!el.isConnected) return false;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === "none" || cs.visibility === "hidden" || n.getAttribute("aria-hidden") === "true" && n !== el) return false;
    }
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return true;
    // a transparent or clipped control counts when one of its labels shows
    return !!(el.labels && [...el.labels].some((l) => { const lr = l.getBoundingClientRect(); return lr.width > 0 && lr.height > 0; }));
  };
  const accName = (el) => {
    const parts = [];
    const by = el.getAttribute("aria-labelledby");
    if (by) for (const id of by.split(/\s+/)) { const t = document.getElementById(id); if (t) parts.push(t.textContent); }
    if (el.getAttribute("aria-label")) parts.push(el.getAttribute("aria-label"));
    if (el.labels) for (const l of el.labels) parts.push(l.textContent);
    if (el.getAttribute("title")) parts.push(el.getAttribute("title"));
    if (el.tagName === "IMG" && el.alt) parts.push(el.alt);
    parts.push(el.textContent);
    return norm(parts.join(" "));
  };
  const byFind = (f) => {
    let sel = f.css || "*";
    if (f.role) sel = `[role="${f.role}"]` + (implicitRoles[f.role] ? "," + implicitRoles[f.role] : "");
    if (f.href) sel = "a[href]";
    let els = [...document.querySelectorAll(sel)];
    if (f.css && (f.role || f.href)) els = els.filter((e) => e.matches(f.css));
    if (f.href) {
      els = els.filter((a) => {
        let u;
        try { u = new URL(a.getAttribute("href"), location.href); } catch (e) { return false; }
        const p = u.pathname.replace(/\/+$/, "");
        return f.href.some((h) => p === h.replace(/\/+$/, ""));
      });
    }
    if (f.texts && f.texts.length) {
      const wanted = f.texts.map(norm);
      const hit = f.lastWord ? (n, w) => n === w || n.endsWith(" " + w) : (n, w) => n.includes(w);
      els = els.filter((e) => { const n = accName(e); return wanted.some((w) => hit(n, w)); });
      // the innermost match is what a person sees and clicks
      els = els.filter((e) => !els.some((o) => o !== e && e.contains(o)));
    }
    if (!spec.hidden) els = els.filter(visible);
    if (f.only && els.length !== 1) return null;
    return els[0] || null;
  };
  for (const f of spec.finds) {
    const el = byFind(f);
    if (el) return el;
  }
  return null;
}
