({
  /* The fields a person fills in form, in page order: visible inputs, text
     areas, drop-down lists and lists of choices drawn as items. */
  fields(form) {
    const groups = '[role=radiogroup], [role=listbox]';
    const skip = 'input[type=hidden], input[type=submit], input[type=button], input[type=reset], input[type=image]';
    const out = [];
    for (const el of form.querySelectorAll('input, select, textarea, ' + groups)) {
      if (el.matches(skip)) continue;
      const group = el.parentElement && el.parentElement.closest(groups);
      if (group && form.contains(group)) continue; /* part of a list of choices */
      if (!this.visible(el)) continue;
      out.push(el);
    }
    return out;
  },

  visible(el) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  },

  items(group) {
    return [...group.querySelectorAll('[role=radio], [role=option]')];
  },

  text(n) {
    return (n ? n.innerText || n.textContent || '' : '').replace(/\*/g, '').replace(/\s+/g, ' ').trim();
  },

  label(el) {
    let t = '';
    if (el.labels && el.labels.length) t = [...el.labels].map((l) => this.text(l)).join(' ');
    const by = el.getAttribute('aria-labelledby');
    if (!t && by) t = by.split(/\s+/).map((id) => this.text(document.getElementById(id))).join(' ');
    if (!t) t = el.getAttribute('aria-label') || '';
    if (!t) t = el.getAttribute('placeholder') || '';
    return t.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
  },

  describe(el) {
    const d = {
      kind: 'other', type: (el.getAttribute('type') || '').toLowerCase(), name: el.getAttribute('name') || '',
      id: el.id || '', autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
      label: this.label(el), required: !!el.required || el.getAttribute('aria-required') === 'true',
      value: '', shown: '', options: [],
    };
    const role = el.getAttribute('role');
    if (el instanceof HTMLSelectElement) {
      d.kind = 'select';
      for (const o of el.options) {
        if (o.value === '' || o.disabled) continue;
        d.options.push({ value: o.value, text: this.text(o) });
      }
      const o = el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
      if (o && o.value !== '') { d.value = o.value; d.shown = this.text(o); }
      /* select() takes an index among the offered options, as listed above. */
    } else if (role === 'radiogroup' || role === 'listbox') {
      d.kind = 'choice';
      for (const it of this.items(el)) {
        const o = { value: it.dataset.value || it.getAttribute('value') || it.id || this.text(it), text: this.text(it) };
        d.options.push(o);
        if (it.getAttribute('aria-checked') === 'true' || it.getAttribute('aria-selected') === 'true') {
          d.value = o.value; d.shown = o.text;
        }
      }
    } else if (el instanceof HTMLTextAreaElement) {
      d.kind = 'textarea'; d.value = el.value; d.shown = el.value;
    } else if (el instanceof HTMLInputElement && ['', 'text', 'email', 'url', 'tel', 'search'].includes(d.type)) {
      d.kind = 'text'; d.value = el.value; d.shown = el.value;
    }
    return d;
  },

  /* Choose the i-th offered option of a drop-down list, with the events a
     person's choice fires. */
  select(el, i) {
    const offered = [...el.options].filter((o) => o.value !== '' && !o.disabled);
    const o = offered[i];
    if (!o) throw new Error('no option ' + i);
    o.selected = true;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return o.value;
  },
})
