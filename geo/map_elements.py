"""The folium elements the article map is composed of: no Streamlit, no f-string JavaScript.

Each element renders one small Jinja template; every value reaches the page through
folium's ``tojavascript`` filter (JSON with ``<``, ``>``, ``&`` and ``'`` escaped), and
article text is only ever set as ``textContent``. The map talks to the page that holds
it (the reading view) through DOM events on the parent window, so a click shows its
passage without a server round trip:

- the map fires ``passage-atlas:select`` (``detail.id``) on the parent when a place is
  clicked, and ``passage-atlas:map-ready`` once it can take requests;
- the page calls ``window.__passageAtlasMap.focus(id)`` inside the map's frame to fly to
  a place and select it.

>>> m = AtlasMap(static_url="/base/app/static", tiles=None)
>>> m.default_js
[('leaflet', '/base/app/static/vendor/leaflet/leaflet.js')]
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template

DEFAULT_STATIC_URL = "/app/static"


def asset_urls(static_url: str = DEFAULT_STATIC_URL) -> dict[str, str]:
    """Where the vendored Leaflet files are served.

    >>> asset_urls("/base/app/static")["leaflet_js"]
    '/base/app/static/vendor/leaflet/leaflet.js'
    """
    static = static_url.rstrip("/")
    vendor = static + "/vendor"
    return {
        "leaflet_js": f"{vendor}/leaflet/leaflet.js",
        "leaflet_css": f"{vendor}/leaflet/leaflet.css",
        "leaflet_images": f"{vendor}/leaflet/images/",
        "cluster_js": f"{vendor}/leaflet.markercluster/leaflet.markercluster.js",
        "cluster_css": f"{vendor}/leaflet.markercluster/MarkerCluster.css",
        "cluster_default_css": f"{vendor}/leaflet.markercluster/MarkerCluster.Default.css",
        "placeholder_tile": static + "/placeholder-tile.png",
        "countries": static + "/countries.geojson",
    }


class AtlasMap(folium.Map):
    """A folium Map whose Leaflet is the app's own copy (one failing CDN link leaves
    the map blank inside st_folium). jQuery, Bootstrap and Font Awesome are not
    loaded: nothing on this map needs them."""

    def __init__(self, *, static_url: str = DEFAULT_STATIC_URL, **kwargs: Any) -> None:
        # No tile fade-in: each tile's 200 ms fade repaints the whole map on every frame,
        # and without a GPU that was about half of a zoom's CPU (0.28 -> 0.10 s of
        # chromium per zoom; ten readers in one chromium queued on it). Offline, every
        # tile is the same placeholder anyway.
        kwargs.setdefault("fade_animation", False)
        super().__init__(**kwargs)
        urls = asset_urls(static_url)
        self.default_js = [("leaflet", urls["leaflet_js"])]
        self.default_css = [("leaflet_css", urls["leaflet_css"])]
        FocusWithoutScroll().add_to(self)


class FocusWithoutScroll(MacroElement):
    """The map takes the keyboard focus on a press without scrolling the page round it.

    Leaflet's keyboard handler focuses the map's container on the first press and
    restores only its own window's scroll. Inside st_folium the map is an iframe, and
    that focus makes the dashboard scroll the whole iframe into view between the press
    and the release: the release lands elsewhere on the map, Leaflet sees no click on
    the marker, and the reader's first click on a map reaching below the window edge
    (the corpus map under an upload's form) was lost. ``preventScroll`` keeps the
    keyboard handler (arrows, +/-) and the page where it is.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            if (!map.keyboard) { return; }
            map.keyboard.disable();           // unbinds the handler Leaflet bound at creation
            map.keyboard._onMouseDown = function () {
                if (!this._focused) { this._map._container.focus({preventScroll: true}); }
            };
            map.keyboard.enable();
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class AtlasCluster(MarkerCluster):
    """MarkerCluster with the app's own copy of Leaflet.markercluster."""

    def __init__(self, *, static_url: str = DEFAULT_STATIC_URL, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        urls = asset_urls(static_url)
        self.default_js = [("markerclusterjs", urls["cluster_js"])]
        self.default_css = [("markerclustercss", urls["cluster_css"]),
                            ("markerclusterdefaultcss", urls["cluster_default_css"])]


class IconPath(MacroElement):
    """Leaflet guesses its marker-icon folder from the CSS link, which st_folium adds
    too late: set it before any marker is drawn."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.url|tojavascript }};
        {% endmacro %}
    """)

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "IconPath"
        self.url = url


class MapStyle(MacroElement):
    """The map's own stylesheet (labels by zoom, legend, print): explicit colours, so
    the legend and labels stay legible whatever theme the page around them uses."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .pa-label { display: none; font: 600 12px/1.2 system-ui, sans-serif; color: #1a1a1a;
            white-space: nowrap; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }
        .pa-label span { display: inline-block; transform: translate(10px, -50%); }
        {%- for group in this.groups %}
        .pa-show-{{ group }} .pa-label-{{ group }} { display: block; }
        .pa-hide-{{ group }} .pa-label-{{ group }} { display: none !important; }
        {%- endfor %}
        .pa-legend { background: #ffffff; color: #1a1a1a; padding: 6px 8px; border-radius: 4px;
            font: 12px/1.6 system-ui, sans-serif; box-shadow: 0 0 4px rgba(0,0,0,.35); max-width: 60vw; }
        .pa-legend button { font: 600 12px system-ui, sans-serif; color: #1a1a1a; background: #ffffff;
            border: 0; padding: 0; cursor: pointer; }
        .pa-legend label { display: flex; align-items: center; gap: 6px; cursor: pointer; color: #1a1a1a; }
        .pa-legend .pa-swatch { width: 11px; height: 11px; border-radius: 50%; flex: none;
            border: 1px solid #1a1a1a; }
        .pa-legend .pa-swatch-area { border-radius: 2px; border: 1.5px dashed; background-clip: content-box;
            opacity: .75; }
        .pa-legend.pa-collapsed .pa-rows { display: none; }
        /* Chromium rings a clicked SVG path with a focus box; the selection outline shows it. */
        path.leaflet-interactive:focus { outline: none; }
        .leaflet-control-attribution { max-width: 55%; white-space: normal; font: 10px/1.3 system-ui, sans-serif; }
        .leaflet-control-scale-line { font: 10px/1.2 system-ui, sans-serif; }
        @media print {
          .pa-label { display: block !important; }
          .leaflet-control-layers, .leaflet-control-zoom, .pa-legend button { display: none !important; }
          .pa-legend.pa-collapsed .pa-rows { display: block; }
        }
        </style>
        {% endmacro %}
    """)

    def __init__(self, groups: list[str]) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.groups = groups


class CountryOutlines(MacroElement):
    """The offline base map: country outlines fetched by URL at run time (inlining
    2 MB of outlines would make every rerun slow). The same request serves the
    outline drawn round a selected country (``window.__paOutlines``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name }};
            if (!map.getPane('pa-outlines')) {
                var pane = map.createPane('pa-outlines');
                pane.style.zIndex = 350; pane.style.pointerEvents = 'none';
            }
            window.__paOutlines = fetch({{ this.url|tojavascript }})
                .then(function (r) { return r.json(); })
                .catch(function (e) { console.warn('country outlines unavailable', e); return null; });
            // Leaflet projects every point of a drawn shape again at each zoom and view
            // reset (a sine, a logarithm and four objects a point): with the outlines
            // near the view that was most of a map move (a jump from a marker to a name's
            // place: p50 30 ms, 5 ms without outlines). Each ring's projection at zoom 0
            // is kept and scaled instead: the same rounded points (Leaflet rounds
            // project() the same way), 40-60 % less of that time.
            function projectScaled(latlngs, result, projectedBounds) {
                if (!(latlngs[0] instanceof L.LatLng)) {
                    for (var k = 0; k < latlngs.length; k++) { projectScaled.call(this, latlngs[k], result, projectedBounds); }
                    return;
                }
                var crs = this._map.options.crs, flat = latlngs.__paZoom0, i;
                if (!flat) {
                    flat = latlngs.__paZoom0 = new Float64Array(latlngs.length * 2);
                    for (i = 0; i < latlngs.length; i++) {
                        var p = crs.latLngToPoint(latlngs[i], 0);
                        flat[2 * i] = p.x; flat[2 * i + 1] = p.y;
                    }
                }
                var scale = crs.scale(this._map.getZoom()) / crs.scale(0), origin = this._map.getPixelOrigin();
                var ring = new Array(latlngs.length);
                for (i = 0; i < latlngs.length; i++) {
                    ring[i] = new L.Point(Math.round(flat[2 * i] * scale) - origin.x, Math.round(flat[2 * i + 1] * scale) - origin.y);
                    projectedBounds.extend(ring[i]);
                }
                result.push(ring);
            }
            window.__paOutlines.then(function (data) {
                if (!data) { return; }
                // Only the countries near the view are drawn. Leaflet re-projects every
                // shape it draws at each zoom: the whole world is 98,000 points, and
                // re-projecting and repainting them made each click that moves the map
                // cost most of a core for a second without a GPU.
                var countries = L.geoJSON(data, {pane: 'pa-outlines', interactive: false,
                    style: {color: '#4a4a4a', weight: 0.8, fill: true, fillColor: '#f2efe9', fillOpacity: 0.35}})
                    .getLayers().map(function (layer) {
                        layer._projectLatlngs = projectScaled;
                        return {layer: layer, bounds: layer.getBounds()};
                    });
                var drawn = L.layerGroup().addTo({{ this._parent.get_name() }});
                function drawNearView() {
                    var near = map.getBounds().pad({{ this.margin }});
                    countries.forEach(function (c) {
                        var wanted = near.intersects(c.bounds);
                        if (wanted !== drawn.hasLayer(c.layer)) { drawn[wanted ? 'addLayer' : 'removeLayer'](c.layer); }
                    });
                }
                // 'zoom' fires once the new view is set and before the shapes are
                // re-projected for it; 'moveend' brings in the countries a pan reveals.
                map.on('zoom moveend', drawNearView);
                drawNearView();
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, url: str, *, map_name: str) -> None:
        super().__init__()
        self._name = "CountryOutlines"
        self.url = url
        self.map_name = map_name
        # How far past the view, as a share of its size, countries stay drawn: a pan
        # of up to half the map shows no gap before 'moveend' draws what it reveals.
        self.margin = 0.5


class Legend(MacroElement):
    """The legend, each type a toggle (show only valleys, say). Starts folded on a
    narrow map so it never covers a marker there; fires ``pa:toggle`` on the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var rows = {{ this.rows|tojavascript }};
            var legend = L.control({position: 'bottomleft'});
            legend.onAdd = function () {
                var box = L.DomUtil.create('div', 'pa-legend');
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                var button = L.DomUtil.create('button', 'pa-legend-toggle', box);
                button.type = 'button';
                var list = L.DomUtil.create('div', 'pa-rows', box);
                rows.forEach(function (row) {
                    var label = L.DomUtil.create('label', '', list);
                    var box2 = L.DomUtil.create('input', '', label);
                    box2.type = 'checkbox'; box2.checked = true; box2.dataset.group = row.group;
                    var swatch = L.DomUtil.create('span', 'pa-swatch' + (row.shape ? ' pa-swatch-' + row.shape : ''), label);
                    swatch.style.background = row.color;
                    if (row.shape) { swatch.style.borderColor = row.color; }
                    var text = L.DomUtil.create('span', '', label);
                    text.textContent = row.label;
                    box2.addEventListener('change', function () {
                        map.fire('pa:toggle', {group: row.group, show: box2.checked});
                    });
                });
                function fold(folded) {
                    box.classList.toggle('pa-collapsed', folded);
                    button.textContent = folded ? 'Legend +' : 'Legend \u2212';
                    button.setAttribute('aria-expanded', folded ? 'false' : 'true');
                }
                button.addEventListener('click', function () { fold(!box.classList.contains('pa-collapsed')); });
                fold(map.getSize().x < {{ this.fold_below_px }});
                return box;
            };
            legend.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list[dict[str, str]], *, fold_below_px: int = 420) -> None:
        super().__init__()
        self._name = "Legend"
        self.rows = rows
        self.fold_below_px = int(fold_below_px)


class PlaceLink(MacroElement):
    """Selection, labels, halos, type toggles and the link to the page, on the client.

    ``places`` is the GeoJson layer of points (``properties.id``, ``group``, ``name``,
    ``halo`` in metres, ``outline`` = ISO code of a country to outline when selected);
    ``holder`` the layer the points were added to (the cluster, or ``places`` itself);
    ``extents`` the GeoJson layer of lines, or None; ``linked`` GeoJson layers of areas
    and lines selected like places (derived places: ``properties.id``, ``group``), each
    outlined when selected and framed whole when flown to.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var places = {{ this.places.get_name() }};
            var holder = {{ this.holder.get_name() }};
            var extents = {% if this.extents %}{{ this.extents.get_name() }}{% else %}null{% endif %};
            var settings = {{ this.settings|tojavascript }};
            function pane(name, z) {
                if (!map.getPane(name)) { var p = map.createPane(name); p.style.zIndex = z; p.style.pointerEvents = 'none'; }
                return name;
            }
            pane('pa-halos', 360); pane('pa-selection', 390); pane('pa-labels', 450);
            var halos = L.layerGroup().addTo(map);
            var labels = L.layerGroup().addTo(map);
            var selection = L.layerGroup().addTo(map);
            var byId = {};
            places.eachLayer(function (layer) {
                var p = layer.feature.properties;
                var entry = {marker: layer, lines: [], props: p, halo: null};
                byId[p.id] = entry;
                if (p.halo > 0) {
                    entry.halo = L.circle(layer.getLatLng(), {radius: p.halo, pane: 'pa-halos', interactive: false,
                        color: layer.options.fillColor, weight: 1, opacity: 0.6, fillOpacity: 0.08});
                    halos.addLayer(entry.halo);
                }
                var name = document.createElement('span');
                name.textContent = p.name;
                entry.label = L.marker(layer.getLatLng(), {pane: 'pa-labels', interactive: false, keyboard: false,
                    icon: L.divIcon({className: 'pa-label pa-label-' + p.group, html: name, iconSize: null})});
                labels.addLayer(entry.label);
            });
            if (extents) {
                extents.eachLayer(function (layer) {
                    var entry = byId[layer.feature.properties.id];
                    if (entry) { entry.lines.push(layer); }
                });
            }
            var linked = [{% for layer in this.linked %}{{ layer.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}];
            linked.forEach(function (owner) {
                owner.eachLayer(function (layer) {
                    var p = layer.feature.properties;
                    byId[p.id] = {marker: null, area: layer, owner: owner, lines: [], props: p, halo: null};
                });
            });

            function showLabels() {
                var zoom = map.getZoom(), box = map.getContainer();
                Object.keys(settings.labelZooms).forEach(function (group) {
                    box.classList.toggle('pa-show-' + group, zoom >= settings.labelZooms[group]);
                });
            }
            map.on('zoomend', showLabels);
            showLabels();

            var hidden = {};
            function setHidden(group, hide) {
                hidden[group] = hide;
                map.getContainer().classList.toggle('pa-hide-' + group, hide);
                Object.keys(byId).forEach(function (id) {
                    var e = byId[id];
                    if (e.props.group !== group) { return; }
                    var verb = hide ? 'removeLayer' : 'addLayer';
                    if (e.area) { e.owner[verb](e.area); return; }
                    holder[verb](e.marker);
                    e.lines.forEach(function (line) { extents[verb](line); });
                    if (e.halo) { halos[verb](e.halo); }
                });
                if (hide && selected && selected.props.group === group) { selection.clearLayers(); }
                var box = map.getContainer().querySelector('.pa-legend input[data-group="' + group + '"]');
                if (box) { box.checked = !hide; }
            }
            map.on('pa:toggle', function (e) { setHidden(e.group, !e.show); });

            var selected = null;
            var look = {pane: 'pa-selection', interactive: false};
            function outline(code) {
                if (!code || !window.__paOutlines) { return Promise.resolve(null); }
                return window.__paOutlines.then(function (data) {
                    if (!data) { return null; }
                    var found = data.features.filter(function (f) { return f.properties.iso_a2 === code; });
                    return found.length ? {type: 'FeatureCollection', features: found} : null;
                });
            }
            function select(id) {
                selection.clearLayers();
                selected = byId[id] || null;
                if (!selected) { return false; }
                if (selected.area) {   // the area itself, outlined over its own dashed line
                    selection.addLayer(L.geoJSON(selected.area.feature, L.extend({style: {color: '#111111',
                        weight: 3.5, opacity: 0.9, fillColor: '#ffd400', fillOpacity: 0.2}}, look)));
                    return true;
                }
                var p = selected.props, where = selected.marker.getLatLng();
                selected.lines.forEach(function (line) {
                    selection.addLayer(L.geoJSON(line.feature, L.extend({style: {color: '#111111', weight: 10, opacity: 0.45}}, look)));
                    selection.addLayer(L.geoJSON(line.feature, L.extend({style: {color: '#ffd400', weight: 6, opacity: 0.95}}, look)));
                });
                if (p.halo > 0) {
                    selection.addLayer(L.circle(where, L.extend({radius: p.halo, color: '#111111', weight: 2.5,
                        dashArray: '6 4', fillColor: '#ffd400', fillOpacity: 0.18}, look)));
                }
                outline(p.outline).then(function (shape) {
                    if (shape && selected && selected.props.id === id) {
                        selection.addLayer(L.geoJSON(shape, L.extend({style: {color: '#111111', weight: 2.5,
                            fillColor: '#ffd400', fillOpacity: 0.15}}, look)));
                    }
                });
                selection.addLayer(L.circleMarker(where, L.extend({radius: 16, color: '#111111', weight: 3,
                    fill: true, fillColor: '#ffd400', fillOpacity: 0.35}, look)));
                return true;
            }
            // Leaflet's own zoom animation (one CSS transform, the layers redrawn once at
            // its end) rather than flyTo, which re-projects every shape on each of its
            // frames: a flight cost about 0.9 s of a core per click in software rendering.
            var glide = {animate: true};
            function focus(id) {
                var e = byId[id];
                if (!e) { return false; }
                if (hidden[e.props.group]) { setHidden(e.props.group, false); }
                select(id);
                var zoom = settings.zooms[e.props.group] || 9;
                if (e.area) {
                    map.fitBounds(e.area.getBounds(), L.extend({maxZoom: zoom, padding: [30, 30]}, glide));
                    return true;
                }
                var where = e.marker.getLatLng();
                var frame = L.latLngBounds([where, where]);
                e.lines.forEach(function (line) { frame.extend(line.getBounds()); });
                if (e.halo) { frame.extend(where.toBounds(e.props.halo * 2)); }
                if (frame.getNorthEast().equals(frame.getSouthWest())) {
                    map.setView(where, zoom, glide);
                } else {
                    map.fitBounds(frame, L.extend({maxZoom: zoom, padding: [30, 30]}, glide));
                }
                return true;
            }
            function notify(type, detail) {
                detail.role = settings.role;
                try {
                    window.parent.dispatchEvent(new window.parent.CustomEvent(type, {detail: detail}));
                } catch (err) { /* a map opened on its own, outside the dashboard */ }
            }
            function clicked(e) {
                var id = e.layer && e.layer.feature && e.layer.feature.properties.id;
                if (!id) { return; }
                select(id);
                notify('passage-atlas:select', {id: id, origin: 'map'});
            }
            places.on('click', clicked);
            if (extents) { extents.on('click', clicked); }
            linked.forEach(function (owner) { owner.on('click', clicked); });

            // Open on the article's places, clear of the legend (bottom left) and the
            // layer switch (top right); again when the frame is resized, until the user moves.
            var moved = false;
            ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (name) {
                map.getContainer().addEventListener(name, function () { moved = true; }, {passive: true});
            });
            function fit() {
                if (!settings.bounds) { return; }
                var legend = map.getContainer().querySelector('.pa-legend');
                var low = legend ? legend.offsetHeight + 16 : 16;
                map.fitBounds(settings.bounds, {paddingTopLeft: [24, 56], paddingBottomRight: [24, low + 24],
                    maxZoom: settings.fitMaxZoom});
            }
            fit();
            map.on('resize', function () { if (!moved && !selected) { fit(); } });

            window.__passageAtlasMap = {
                role: settings.role, focus: focus, select: select, setHidden: setHidden,
                selected: function () { return selected ? selected.props.id : null; }
            };
            notify('passage-atlas:map-ready', {});
        })();
        {% endmacro %}
    """)

    def __init__(self, places: folium.GeoJson, holder: folium.Element, extents: folium.GeoJson | None,
                 *, settings: dict[str, Any], linked: list[folium.GeoJson] | None = None) -> None:
        super().__init__()
        self._name = "PlaceLink"
        self.places = places
        self.holder = holder
        self.extents = extents
        self.linked = list(linked or [])
        self.settings = settings
