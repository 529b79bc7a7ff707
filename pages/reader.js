// The reading view on the client: the article text ("text") and the place panel
// ("panel") are two mounts of this component; they share one store on the window,
// and talk to the folium map in its st_folium frame through DOM events. A click on a
// marker or a name is answered here, without a server round trip. All HTML comes
// from Python already escaped; strings typed by the user are set as textContent.
const MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';

function makeStore() {
    const store = {
        article: null, selected: null, mention: 0, nonce: null,
        listeners: new Set(), text: null, places: new Map(),
    };
    store.emit = (origin) => store.listeners.forEach((fn) => fn(store.selected, origin));
    store.mapApi = () => {
        for (const frame of document.querySelectorAll(MAP_FRAME)) {
            try {
                const api = frame.contentWindow && frame.contentWindow.__passageAtlasMap;
                if (api && api.role === 'reading') { return api; }
            } catch (err) { /* not our frame */ }
        }
        return null;
    };
    store.select = (id, origin, mention) => {
        if (!id) { return; }
        store.selected = id;
        store.mention = mention || 0;
        store.emit(origin);
        // The address and the map's move wait until the passage is painted: the text
        // answers the click at once (rewriting the address alone took ~14 ms a click).
        requestAnimationFrame(() => setTimeout(() => {
            if (store.selected !== id) { return; }
            try {
                const url = new URL(window.location.href);
                url.searchParams.set('place', id);
                if (store.article !== null) { url.searchParams.set('article', String(store.article)); }
                window.history.replaceState(window.history.state, '', url);
            } catch (err) { /* a sandboxed page: the link just does not follow */ }
            const api = origin !== 'map' && store.mapApi();
            if (api) { api.focus(id); }
        }, 0));
    };
    store.walk = (delta) => {
        const marks = store.text ? store.text.marksOf(store.selected) : [];
        if (!marks.length) { return; }
        store.mention = (store.mention + delta + marks.length) % marks.length;
        store.emit('walk');
    };
    window.addEventListener('passage-atlas:select', (event) => {
        if (event.detail && event.detail.role === 'reading') { store.select(event.detail.id, 'map'); }
    });
    window.addEventListener('passage-atlas:map-ready', (event) => {
        const api = store.mapApi();
        if (event.detail && event.detail.role === 'reading' && api && store.selected) { api.focus(store.selected); }
    });
    return store;
}

function storeFor(data) {
    const store = window.__passageAtlas || (window.__passageAtlas = makeStore());
    if (store.article !== data.article) {   // another article: start from its own selection
        store.article = data.article;
        store.selected = null;
        store.nonce = null;
    }
    return store;
}

function applyRequestedSelection(store, data) {
    const wanted = data.select || {};
    if (wanted.nonce !== store.nonce && wanted.id) {
        store.nonce = wanted.nonce;
        store.select(wanted.id, 'server');
    } else if (store.selected) {
        store.emit('refresh');
    }
}

function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
}

// -- the article text -------------------------------------------------------------

function mountText(root, data, store) {
    if (root.dataset.version !== data.version) {
        root.dataset.version = data.version;
        root.innerHTML = '';
        const box = el('div', 'pa-reader');
        box.tabIndex = 0;
        box.setAttribute('aria-label', 'Article text');
        box.innerHTML = data.html;
        root.appendChild(box);
        const byPlace = new Map();
        box.querySelectorAll('mark[data-place]').forEach((mark) => {
            const key = mark.dataset.place;
            if (!byPlace.has(key)) { byPlace.set(key, []); }
            byPlace.get(key).push(mark);
        });
        let lit = [];
        store.text = {
            marksOf: (id) => byPlace.get(id) || [],
            passage: (index) => box.querySelector(`[data-passage="${index}"]`),
        };
        box.addEventListener('click', (event) => {
            const mark = event.target.closest('mark[data-place]');
            if (!mark) { return; }
            store.select(mark.dataset.place, 'text', store.text.marksOf(mark.dataset.place).indexOf(mark));
        });
        const show = (id, origin) => {
            lit.forEach((mark) => mark.classList.remove('selected', 'current'));
            lit = store.text.marksOf(id);
            lit.forEach((mark) => mark.classList.add('selected'));
            const current = lit[store.mention];
            if (!current) { return; }
            current.classList.add('current');
            if (origin === 'text') { return; }
            if (box.scrollHeight > box.clientHeight + 4) {
                box.scrollTop = Math.max(0, current.offsetTop - box.clientHeight * 0.3);
            } else {
                current.scrollIntoView({block: 'center'});
            }
        };
        if (root.__paListener) { store.listeners.delete(root.__paListener); }
        root.__paListener = show;
    }
    store.listeners.add(root.__paListener);
    applyRequestedSelection(store, data);
}

// -- the place panel ----------------------------------------------------------------

function arrowButton(label, direction, onClick) {
    const button = el('button', 'pa-button');
    button.type = 'button';
    button.setAttribute('aria-label', label);
    const arrow = el('span', `pa-arrow pa-arrow-${direction}`);
    arrow.setAttribute('aria-hidden', 'true');
    const text = el('span', 'pa-button-text', label);
    if (direction === 'left') { button.append(arrow, text); } else { button.append(text, arrow); }
    button.addEventListener('click', onClick);
    return button;
}

function mountPanel(root, data, store, setTriggerValue) {
    const order = data.places.map((p) => p.key);
    // Described places are shown when clicked (on the map or in the text), but are not
    // steps of the named places' reading order.
    const described = data.derived || [];
    store.places = new Map(data.places.concat(described).map((p) => [p.key, p]));
    if (root.dataset.version !== data.version) {
        root.dataset.version = data.version;
        root.innerHTML = '';
        const panel = el('div', 'pa-panel');
        const tools = el('div', 'pa-tools');
        const search = el('input', 'pa-search');
        search.type = 'search';
        search.placeholder = 'Find a place in this article';
        search.setAttribute('aria-label', 'Find a place in this article');
        const found = el('ul', 'pa-found');
        const copy = el('button', 'pa-button pa-copy', 'Copy link');
        copy.type = 'button';
        tools.append(search, copy);
        const nav = el('div', 'pa-nav');
        const where = el('span', 'pa-where');
        const step = (delta) => () => {
            const index = order.indexOf(store.selected);
            const next = index < 0 ? (delta > 0 ? 0 : order.length - 1) : (index + delta + order.length) % order.length;
            if (order.length) { store.select(order[next], 'panel'); }
        };
        nav.append(arrowButton('Previous place', 'left', step(-1)), where, arrowButton('Next place', 'right', step(1)));
        const body = el('div', 'pa-body');
        panel.append(tools, found, nav, body);
        root.appendChild(panel);

        search.addEventListener('input', () => {
            const words = search.value.trim().toLowerCase();
            found.innerHTML = '';
            if (!words) { return; }
            data.places.filter((p) => p.name.toLowerCase().includes(words)).slice(0, 8).forEach((p) => {
                const item = el('li');
                const pick = el('button', 'pa-found-item', `${p.name} (${p.kind})`);
                pick.type = 'button';
                pick.addEventListener('click', () => { found.innerHTML = ''; search.value = ''; store.select(p.key, 'panel'); });
                item.appendChild(pick);
                found.appendChild(item);
            });
        });
        search.addEventListener('keydown', (event) => {
            if (event.key === 'Enter') {
                const first = found.querySelector('button');
                if (first) { first.click(); }
            }
        });
        copy.addEventListener('click', () => {
            const link = window.location.href;
            const done = () => { copy.textContent = 'Link copied'; setTimeout(() => { copy.textContent = 'Copy link'; }, 1500); };
            if (navigator.clipboard && navigator.clipboard.writeText) {
                navigator.clipboard.writeText(link).then(done, () => window.prompt('Copy this link', link));
            } else {
                window.prompt('Copy this link', link);
            }
        });

        const show = (id) => {
            const place = store.places.get(id);
            const index = order.indexOf(id);
            const isDescribed = Boolean(place) && index < 0 && place.group === 'derived';
            where.textContent = index >= 0 ? `Place ${index + 1} of ${order.length} in reading order`
                : isDescribed ? 'A place the text describes (dashed on the map)'
                : `${order.length} places: click one on the map or in the text`;
            body.innerHTML = '';
            if (!place) { return; }
            const facts = el('div');
            facts.innerHTML = place.facts;   // built and escaped in Python
            body.appendChild(facts);
            const marks = store.text ? store.text.marksOf(id) : [];
            const walk = el('div', 'pa-walk');
            walk.append(arrowButton('Previous mention', 'left', () => store.walk(-1)),
                        el('span', 'pa-mention', marks.length ? `Mention ${store.mention + 1} of ${marks.length}` : ''),
                        arrowButton('Next mention', 'right', () => store.walk(1)));
            body.appendChild(walk);
            const seen = new Set();
            const passages = el('div', 'pa-passages');
            marks.forEach((mark) => {
                const source = mark.closest('[data-passage]');
                if (!source || seen.has(source.dataset.passage)) { return; }
                seen.add(source.dataset.passage);
                const copyOf = source.cloneNode(true);
                const block = el('div', 'pa-passage');
                block.dataset.passage = source.dataset.passage;
                copyOf.querySelectorAll('mark').forEach((m) => {
                    m.classList.remove('selected', 'current');
                    if (m.dataset.place === id) { m.classList.add('selected'); }
                });
                block.append(...copyOf.childNodes);
                passages.appendChild(block);
            });
            body.appendChild(el('div', 'pa-heading', `Passages (${seen.size})`));
            body.appendChild(passages);
            if (isDescribed) { return; }   // its words are the text's: nothing to correct
            const correct = el('button', 'pa-button pa-correct', 'Correct this place');
            correct.type = 'button';
            correct.addEventListener('click', () => setTriggerValue('correct', id));
            body.appendChild(correct);
        };
        if (root.__paListener) { store.listeners.delete(root.__paListener); }
        root.__paListener = show;
        show(store.selected);
    }
    store.listeners.add(root.__paListener);
    applyRequestedSelection(store, data);
}

export default function (component) {
    const { data, parentElement, setTriggerValue } = component;
    const store = storeFor(data);
    let root = parentElement.querySelector(':scope > .pa-root');
    if (!root) {
        root = el('div', `pa-root pa-root-${data.role}`);
        parentElement.appendChild(root);
    }
    if (data.role === 'text') {
        mountText(root, data, store);
    } else {
        mountPanel(root, data, store, setTriggerValue);
    }
    return () => {
        if (root.__paListener) { store.listeners.delete(root.__paListener); }
    };
}
