({
  groups: '[role=radiogroup], [role=listbox]',
  /* A choice item drawn without ARIA (the help centre's dyna forms):
     li#option-<field>-<n>. */
  bareItem: 'li[id^="option-"]',
  triggers: 'button, [role=button], [role=combobox], [aria-haspopup]',
  typed: 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea',

  /* The fields a person fills in form, in page order: visible inputs, text
     areas, drop-down lists, lists of choices (with or without ARIA roles,
     shown or behind the button that opens them), and hidden inputs marked
     required that no list listed here carries. */
  fields(form) {
    const skip = 'input[type=submit], input[type=button], input[type=reset], input[type=image]';
    const out = [];
    const carried = new Set();
    for (const el of form.querySelectorAll('input, select, textarea, ' + this.groups + ', ' + this.bareItem)) {
      if (el.matches(skip)) continue;
      if (el.matches('input[type=hidden]')) {
        out.push(el); /* decided below, once every list has claimed its input */
        continue;
      }
      if (el.matches(this.bareItem)) {
        if (el.closest(this.groups)) continue; /* an item of an ARIA list */
        const list = el.parentElement;
        if (!list || out.includes(list)) continue;
        out.push(list);
        const c = this.carrier(list, form);
        if (c) carried.add(c);
        continue;
      }
      const group = el.parentElement && el.parentElement.closest(this.groups);
      if (group && form.contains(group)) continue; /* part of a list of choices */
      const isGroup = el.matches(this.groups);
      if (!this.visible(el) && !(isGroup && this.visible(this.trigger(el, form)))) continue;
      out.push(el);
    }
    return out.filter((el) => !el.matches('input[type=hidden]') || (!carried.has(el) && this.requiredHidden(el)));
  },

  visible(el) {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  },

  /* Whether el is a list of choices drawn without ARIA roles. */
  bare(el) {
    return !el.matches(this.groups) && !!el.querySelector(':scope > ' + this.bareItem);
  },

  items(group) {
    if (this.bare(group)) return [...group.querySelectorAll(':scope > ' + this.bareItem)];
    return [...group.querySelectorAll('[role=radio], [role=option]')];
  },

  /* The field a list of role-less items is for: "option-processing-type"
     of li#option-processing-type-2. */
  key(list) {
    const it = list.querySelector(':scope > ' + this.bareItem);
    return it ? it.id.replace(/-\d+$/, '') : '';
  },

  squash(s) { return (s || '').toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''); },

  /* The button that opens a list of choices: one that names the list
     (aria-controls, aria-owns), else the nearest button before the list
     within its field. */
  trigger(list, form) {
    if (list.id) {
      for (const b of form.querySelectorAll('[aria-controls], [aria-owns]')) {
        const ids = ((b.getAttribute('aria-controls') || '') + ' ' + (b.getAttribute('aria-owns') || '')).split(/\s+/);
        if (ids.includes(list.id) && !list.contains(b)) return b;
      }
    }
    let node = list;
    for (let depth = 0; depth < 3 && node && node !== form; depth++, node = node.parentElement) {
      for (let s = node.previousElementSibling; s; s = s.previousElementSibling) {
        if (s.matches(this.typed) || s.querySelector(this.typed + ', ' + this.groups + ', ' + this.bareItem)) return null;
        const b = s.matches(this.triggers) ? s : s.querySelector(this.triggers);
        if (b && !b.matches('[type=submit]')) return b;
      }
    }
    return null;
  },

  /* The hidden input that keeps a list's value: one named after the field
     (processingType for option-processing-type), else the only hidden
     input of the smallest box around the list that holds no other field. */
  carrier(list, form) {
    const want = this.squash(this.key(list).replace(/^option-/, ''));
    const hidden = [...form.querySelectorAll('input[type=hidden]')];
    if (want) {
      const named = hidden.find((h) => this.squash(h.name) === want || this.squash(h.id) === want);
      if (named) return named;
    }
    let node = list.parentElement;
    for (let depth = 0; depth < 3 && node && node !== form; depth++, node = node.parentElement) {
      const others = [...node.querySelectorAll(this.typed + ', ' + this.groups + ', ' + this.bareItem)]
        .filter((x) => !list.contains(x) && x !== list);
      if (others.length) return null;
      const hs = node.querySelectorAll('input[type=hidden]');
      if (hs.length === 1) return hs[0];
      if (hs.length > 1) return null;
    }
    return null;
  },

  /* A hidden input that says it must carry a value. */
  requiredHidden(el) {
    return el.required || el.getAttribute('aria-required') === 'true' ||
      (el.hasAttribute('data-required') && el.getAttribute('data-required') !== 'false');
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

  /* The text a person reads just before el in its field (a label drawn
     without <label>), or "" when another field comes first. */
  before(el, form) {
    let node = el;
    for (let depth = 0; depth < 3 && node && node !== form; depth++, node = node.parentElement) {
      for (let s = node.previousElementSibling; s; s = s.previousElementSibling) {
        if (s.matches(this.typed + ', ' + this.triggers) || s.querySelector(this.typed + ', ' + this.triggers + ', ' + this.bareItem)) return '';
        const t = this.text(s);
        if (t) return t;
      }
    }
    return '';
  },

  option(it) {
    return { value: it.dataset.value || it.getAttribute('value') || it.id || this.text(it), text: this.text(it) };
  },

  describe(el) {
    const d = {
      kind: 'other', type: (el.getAttribute('type') || '').toLowerCase(), name: el.getAttribute('name') || '',
      id: el.id || '', autocomplete: (el.getAttribute('autocomplete') || '').toLowerCase(),
      label: this.label(el), required: !!el.required || el.getAttribute('aria-required') === 'true',
      value: '', shown: '', options: [],
    };
    const form = el.closest('form') || document.body;
    if (el instanceof HTMLSelectElement) {
      d.kind = 'select';
      for (const o of el.options) {
        if (o.value === '' || o.disabled) continue;
        d.options.push({ value: o.value, text: this.text(o) });
      }
      const o = el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null;
      if (o && o.value !== '') { d.value = o.value; d.shown = this.text(o); }
      /* select() takes an index among the offered options, as listed above. */
    } else if (el.matches(this.groups) || this.bare(el)) {
      this.describeChoice(el, form, d);
    } else if (el instanceof HTMLTextAreaElement) {
      d.kind = 'textarea'; d.value = el.value; d.shown = el.value;
    } else if (el instanceof HTMLInputElement && d.type === 'hidden') {
      d.required = this.requiredHidden(el);
      d.value = el.value; d.shown = el.value;
      if (!d.label) d.label = this.before(el, form);
    } else if (el instanceof HTMLInputElement && ['', 'text', 'email', 'url', 'tel', 'search'].includes(d.type)) {
      d.kind = 'text'; d.value = el.value; d.shown = el.value;
    }
    return d;
  },

  /* A list of choices: its options, what is chosen (its ARIA state, else
     the hidden input that keeps the value and the text the trigger shows),
     its label (the list's or its trigger's, else the text before them). */
  describeChoice(el, form, d) {
    d.kind = 'choice';
    const trigger = this.trigger(el, form);
    const bare = this.bare(el);
    const carrier = bare ? this.carrier(el, form) : null;
    if (bare) {
      d.id = el.id || this.key(el);
      d.name = carrier ? carrier.name || carrier.id : '';
      /* Role-less lists cannot say whether they are required: they count
         as required unless they say otherwise. */
      const opt = (n) => n && (n.getAttribute('aria-required') === 'false' || n.getAttribute('data-required') === 'false');
      d.required = !(opt(el) || opt(trigger) || opt(carrier));
    }
    if (!d.label && trigger) d.label = this.label(trigger);
    if (!d.label) d.label = this.before(trigger || el, form);
    const items = this.items(el);
    let chosen = null;
    for (const it of items) {
      d.options.push(this.option(it));
      if (it.getAttribute('aria-checked') === 'true' || it.getAttribute('aria-selected') === 'true') chosen = it;
    }
    if (bare) {
      chosen = chosen || this.chosenBare(items, trigger, carrier);
      if (carrier && !carrier.value) chosen = null; /* the site gets no choice */
      if (carrier && carrier.value && !chosen) { d.value = carrier.value; d.shown = carrier.value; return; }
    }
    if (chosen) {
      const o = this.option(chosen);
      d.value = o.value; d.shown = o.text;
    }
  },

  /* The chosen item of a role-less list: the one whose text its button
     shows, else the one the hidden input's value names, else the only one
     with a state class (selected, active, checked, chosen). */
  chosenBare(items, trigger, carrier) {
    const shows = trigger ? this.text(trigger) : '';
    let it = shows ? items.find((x) => this.text(x) === shows) : null;
    if (!it && carrier && carrier.value) {
      const v = this.squash(carrier.value);
      it = items.find((x) => this.option(x).value === carrier.value || this.squash(this.text(x)) === v);
    }
    if (!it) {
      const marked = items.filter((x) => /(^|[-_\s])(selected|active|checked|chosen)($|[-_\s])/i.test(x.className));
      if (marked.length === 1) it = marked[0];
    }
    return it || null;
  },

  /* The button that opens list, or null. */
  opener(list) {
    return this.trigger(list, list.closest('form') || document.body);
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
