"""Inline SVG charts for the offline report and the web app: a map of the places and a UTC timeline.

Both return `Markup` holding one self-contained `<svg>`: no script, no font, image or stylesheet from
anywhere (the report's CSP forbids them and it must open from file:// on an air-gapped laptop). Every string
from the input goes through `escape`; hover shows a `<title>` tooltip, links are keyboard-focusable, and the
root carries role="img" with an aria-label that says in words what the picture shows.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Colours chosen for WCAG AA (>= 4.5:1) against white, so they serve for text as well as markers.
INK = "#1f4e79"  # 8.6:1
AXIS = "#444"  # 9.7:1
KIND_COLOURS = {"event": "#1f4e79", "published": "#7a3b00", "time": "#2d5f2d"}
KIND_LABELS = {"event": "events", "published": "published", "time": "times"}
FALLBACK_COLOUR = "#4a4a4a"
LAND, BORDER, SEA = "#e6e6e1", "#9a9a92", "#f3f7fa"

# A focus ring for keyboard users: the one stylesheet the CSP allows is inline, and it is scoped by class.
_STYLE = ("<style>.rsh-chart a:focus{outline:none}.rsh-chart a:focus>*{stroke:#000;stroke-width:3px}"
          ".rsh-chart a:hover>*{stroke:#000}</style>")

MIN_SPAN = 10.0  # degrees: one point alone shows its region, not a street
MARGIN = 0.15  # share of the points' span added on each side, so edge markers are not cut


# --- shared ----------------------------------------------------------------------------------------

def _num(value: float) -> str:
    """A coordinate with one decimal and no trailing '.0': a tenth of a pixel is finer than any screen."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _safe_href(href: Any) -> str | None:
    """The link if it is relative or plain web/mail; `javascript:` and `data:` never reach the page."""
    if not href:
        return None
    href = str(href).strip()
    scheme = urlsplit(href).scheme.lower()
    return href if scheme in ("", "http", "https", "mailto") else None


def _svg(width: float, height: float, label: str, body: Iterable[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rsh-chart" role="img" aria-label="{escape(label)}" '
        f'width="{_num(width)}" height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}">'
        f'{_STYLE}{"".join(body)}</svg>')


def _linked(element: str, href: Any) -> str:
    """An element wrapped in a link when there is a target; an `<a href>` is focusable by Tab already."""
    target = _safe_href(href)
    return f'<a href="{escape(target)}">{element}</a>' if target else element


# --- map -------------------------------------------------------------------------------------------

class View(NamedTuple):
    """The part of the world shown: lon/lat bounds and pixels per degree (the same on both axes)."""

    west: float
    south: float
    east: float
    north: float
    scale: float

    def x(self, lon: float) -> float:
        return (lon - self.west) * self.scale

    def y(self, lat: float) -> float:
        return (self.north - lat) * self.scale

    def meets(self, bbox: Sequence[float]) -> bool:
        return bbox[0] <= self.east and bbox[2] >= self.west and bbox[1] <= self.north and bbox[3] >= self.south


@lru_cache(maxsize=1)
def countries() -> list[dict[str, Any]]:
    """Natural Earth 1:110m country outlines (see data/geo/SOURCE.md), loaded once."""
    source = resources.files("rashomon.data").joinpath("geo", "countries-110m.json")
    return json.loads(source.read_text(encoding="utf-8"))


def world_map(points: Sequence[dict[str, Any]], *, width: int = 640, height: int = 320) -> Markup:
    """Country outlines with a circle per place, area growing with its mention count.

    `points`: dicts with name, lat, lon, country, count and optional href (the circle becomes a link) and
    label (the tooltip; by default name, country and count). Places without coordinates are left out. The view
    fits the points with a margin, at least MIN_SPAN degrees across, so a single town still shows its country.
    """
    placed = [p for p in points if _coordinate(p.get("lat"), 90) is not None and _coordinate(p.get("lon"), 180)
              is not None]
    view = fit_view(placed, width, height)
    body = [f'<rect width="{_num(width)}" height="{_num(height)}" fill="{SEA}"/>',
            f'<g fill="{LAND}" stroke="{BORDER}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">']
    for shift in (-360.0, 0.0, 360.0):
        if view.west < -180 or shift == 0 or view.east > 180:
            body += [_country_path(c, view, shift) for c in countries() if view.meets(_shifted(c["bbox"], shift))]
    body.append("</g>")
    body.append(f'<g fill="{INK}" fill-opacity="0.7" stroke="#fff" stroke-width="1">')
    # Biggest first, so a small circle on top of a big one can still be hovered and clicked.
    for p in sorted(placed, key=lambda p: -_count(p)):
        body.append(_linked(_point_circle(p, view), p.get("href")))
    body.append("</g>")
    return _svg(width, height, _map_label(placed), body)


def fit_view(points: Sequence[dict[str, Any]], width: float, height: float) -> View:
    """The lon/lat window around the points with the chart's aspect ratio; the whole world if there are none.

    Degrees map to equal pixels on both axes (plain equirectangular), so the window is widened along the
    short side to match width/height, and shifted (not squeezed) to stay between the poles.
    """
    if not points:
        lon0, lat0, lon1, lat1 = -180.0, -90.0, 180.0, 90.0
    else:
        lons = [float(p["lon"]) for p in points]
        lats = [float(p["lat"]) for p in points]
        lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
        pad_lon = max((lon1 - lon0) * (1 + 2 * MARGIN), MIN_SPAN) - (lon1 - lon0)
        pad_lat = max((lat1 - lat0) * (1 + 2 * MARGIN), MIN_SPAN) - (lat1 - lat0)
        lon0, lon1, lat0, lat1 = lon0 - pad_lon / 2, lon1 + pad_lon / 2, lat0 - pad_lat / 2, lat1 + pad_lat / 2
    aspect = width / height
    lon_span, lat_span = lon1 - lon0, lat1 - lat0
    if lon_span / lat_span < aspect:
        lon_span = lat_span * aspect
    else:
        lat_span = lon_span / aspect
    if lat_span > 180:  # taller than the world: cap, and widen only as far as the aspect asks
        lat_span, lon_span = 180.0, 180.0 * aspect
    if lon_span > 360:
        lon_span, lat_span = 360.0, 360.0 / aspect
    # Latitude stops at the poles; longitude wraps, so the window stays centred on the points (Fiji is not
    # pushed to the edge) and world_map draws the countries again 360 degrees over where it reaches past 180.
    south = _clamp((lat0 + lat1) / 2 - lat_span / 2, -90, 90 - lat_span)
    west = (lon0 + lon1) / 2 - lon_span / 2
    return View(west, south, west + lon_span, south + lat_span, width / lon_span)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def _coordinate(value: Any, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _count(point: dict[str, Any]) -> int:
    try:
        return max(int(point.get("count") or 1), 1)
    except (TypeError, ValueError):
        return 1


def radius(count: int) -> float:
    """Circle radius in pixels: the area, not the radius, tracks the count (3 px for one mention, 20 at most)."""
    return min(3 + 2.5 * (math.sqrt(max(count, 1)) - 1), 20.0)


def _shifted(bbox: Sequence[float], shift: float) -> tuple[float, float, float, float]:
    return bbox[0] + shift, bbox[1], bbox[2] + shift, bbox[3]


def _country_path(country: dict[str, Any], view: View, shift: float = 0.0) -> str:
    """One `<path>` per country (moved `shift` degrees east), only the rings that reach into the view
    (Russia's far east is skipped in Europe), with points that round to the same pixel dropped."""
    parts = []
    for ring in country["rings"]:
        lons = [p[0] + shift for p in ring]
        lats = [p[1] for p in ring]
        if not view.meets((min(lons), min(lats), max(lons), max(lats))):
            continue
        coords: list[str] = []
        for lon, (_, lat) in zip(lons, ring, strict=True):
            pair = f"{_num(view.x(lon))} {_num(view.y(lat))}"
            if not coords or coords[-1] != pair:
                coords.append(pair)
        if len(coords) >= 3:
            parts.append("M" + "L".join(coords) + "Z")
    name = escape(country.get("name") or "")
    return f'<path d="{"".join(parts)}"><title>{name}</title></path>' if parts else ""


def _point_circle(point: dict[str, Any], view: View) -> str:
    count = _count(point)
    default = f"{point.get('name') or '?'} ({point.get('country') or '?'}): {count} mention{'s' if count != 1 else ''}"
    tooltip = point.get("label") or default
    return (f'<circle cx="{_num(view.x(float(point["lon"])))}" cy="{_num(view.y(float(point["lat"])))}" '
            f'r="{_num(radius(count))}"><title>{escape(tooltip)}</title></circle>')


def _map_label(points: Sequence[dict[str, Any]], most: int = 20) -> str:
    """The map in words for screen readers: the places by mentions, as many as stay readable."""
    if not points:
        return "World map: no places to show"
    ranked = sorted(points, key=lambda p: (-_count(p), str(p.get("name"))))
    named = "; ".join(f"{p.get('name') or '?'} ({p.get('country') or '?'}, {_count(p)})" for p in ranked[:most])
    more = f"; and {len(ranked) - most} more" if len(ranked) > most else ""
    return f"Map of {len(points)} place{'s' if len(points) != 1 else ''} (mentions): {named}{more}"


# --- timeline --------------------------------------------------------------------------------------

KINDS = ("event", "published", "time")
LEFT, RIGHT, TOP = 78, 40, 8  # room for lane names on the left and the "UTC" unit on the right
LANE = 28  # a lane's height with no stacking
STACK = 7  # vertical step between markers at the same instant
MOST_STACKED = 9  # markers drawn at one instant; the last one drawn names how many more are there
AXIS_ROOM = 40  # tick labels and the date line under them


class Dated(NamedTuple):
    when: datetime  # aware, UTC
    item: dict[str, Any]


def parse_utc(text: Any) -> datetime | None:
    """An ISO string as an aware UTC datetime; a value without an offset is taken to be UTC already."""
    try:
        moment = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def timeline(items: Sequence[dict[str, Any]], *, width: int = 640) -> Markup:
    """Items on a UTC axis, one lane per kind (events, publication times, time expressions).

    `items`: dicts with utc (ISO string), kind, label, optional local (shown in the tooltip) and href.
    Items whose utc does not parse are left out. Markers at the same instant stack vertically instead of
    hiding each other. The axis is in UTC, whatever offset an input had, so outlets' clocks line up.
    """
    dated = sorted((Dated(w, i) for i in items if (w := parse_utc(i.get("utc"))) is not None),
                   key=lambda d: d.when)
    if not dated:
        return _svg(width, 32, "Timeline: no dated items",
                    [f'<text x="8" y="20" font-family="sans-serif" font-size="12" fill="{AXIS}">no dated items</text>'])
    start, end = _axis_range(dated[0].when, dated[-1].when)
    plot = width - LEFT - RIGHT

    def x(moment: datetime) -> float:
        return LEFT + (moment - start) / (end - start) * plot

    kinds = [k for k in KINDS if any(d.item.get("kind") == k for d in dated)]
    kinds += sorted({str(d.item.get("kind")) for d in dated} - set(kinds))
    lanes: list[tuple[str, list[tuple[float, int, Dated]]]] = []
    for kind in kinds:
        placed = _stack([(x(d.when), d) for d in dated if str(d.item.get("kind")) == kind])
        lanes.append((kind, placed))
    heights = [max(LANE, 2 * STACK * _half_depth(placed) + 20) for _, placed in lanes]
    axis_y = TOP + sum(heights)
    height = axis_y + AXIS_ROOM

    body = [_ticks(start, end, x, axis_y)]
    top = TOP
    for (kind, placed), lane_height in zip(lanes, heights, strict=True):
        mid = top + lane_height / 2
        colour = KIND_COLOURS.get(kind, FALLBACK_COLOUR)
        body.append(f'<text x="{LEFT - 8}" y="{_num(mid + 4)}" text-anchor="end" font-family="sans-serif" '
                    f'font-size="12" fill="{colour}">{escape(KIND_LABELS.get(kind, kind))}</text>')
        body.append(f'<line x1="{LEFT}" x2="{LEFT + plot}" y1="{_num(mid)}" y2="{_num(mid)}" stroke="#e4e4e4"/>')
        hidden = _hidden_after(placed)
        for px, level, d in placed:
            if level >= MOST_STACKED:
                continue
            more = hidden.get(id(d), 0)
            tooltip = _tooltip(d) + (f" (and {more} more at this time)" if more else "")
            marker = _marker(kind, px, mid + _offset(level), colour, tooltip)
            body.append(_linked(marker, d.item.get("href")))
        top += lane_height
    body.append(f'<line x1="{LEFT}" x2="{LEFT + plot}" y1="{axis_y}" y2="{axis_y}" stroke="{AXIS}"/>')
    body.append(f'<text x="{LEFT + plot + 6}" y="{axis_y + 14}" font-family="sans-serif" font-size="11" '
                f'font-weight="bold" fill="{AXIS}">UTC</text>')
    label = (f"Timeline in UTC of {len(dated)} dated item{'s' if len(dated) != 1 else ''}, "
             f"{_stamp(dated[0].when)} to {_stamp(dated[-1].when)}")
    return _svg(width, height, label, body)


def _axis_range(first: datetime, last: datetime) -> tuple[datetime, datetime]:
    """The axis ends: the items' span plus 4% each side; one instant gets an hour either way."""
    if first == last:
        return first - timedelta(hours=1), last + timedelta(hours=1)
    pad = (last - first) * 0.04
    return first - pad, last + pad


def _stack(row: list[tuple[float, Dated]], near: float = 4.0) -> list[tuple[float, int, Dated]]:
    """Give markers within `near` pixels of a cluster's first one successive stacking levels (0, 1, 2, ...)."""
    out: list[tuple[float, int, Dated]] = []
    anchor, level = None, 0
    for px, d in sorted(row, key=lambda r: r[0]):
        if anchor is not None and px - anchor < near:
            level += 1
        else:
            anchor, level = px, 0
        out.append((px, level, d))
    return out


def _hidden_after(placed: list[tuple[float, int, Dated]]) -> dict[int, int]:
    """For the last marker drawn in each stack (by id), how many markers of that stack are not drawn.

    A story of hundreds of reports has hundreds of items at a few instants: a column of them all would
    make the chart meters tall and the page megabytes long.
    """
    hidden: dict[int, int] = {}
    last_drawn: Dated | None = None
    for _, level, d in placed:
        if level == MOST_STACKED - 1:
            last_drawn = d
        elif level >= MOST_STACKED and last_drawn is not None:
            hidden[id(last_drawn)] = hidden.get(id(last_drawn), 0) + 1
    return hidden


def _offset(level: int) -> float:
    """Level 0 on the lane's line, then alternately above and below: 0, -7, +7, -14, +14, ..."""
    return STACK * ((level + 1) // 2) * (-1 if level % 2 else 1)


def _half_depth(placed: list[tuple[float, int, Dated]]) -> int:
    return max(((min(level, MOST_STACKED - 1) + 1) // 2 for _, level, _ in placed), default=0)


def _marker(kind: str, x: float, y: float, colour: str, tooltip: str) -> str:
    """A shape per kind as well as a colour, so the lanes do not depend on colour vision alone."""
    title = f"<title>{escape(tooltip)}</title>"
    common = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if kind == "published":
        return f'<rect x="{_num(x - 4.5)}" y="{_num(y - 4.5)}" width="9" height="9" {common}>{title}</rect>'
    if kind == "time":
        d = f"M{_num(x)} {_num(y - 6)}L{_num(x + 6)} {_num(y)}L{_num(x)} {_num(y + 6)}L{_num(x - 6)} {_num(y)}Z"
        return f'<path d="{d}" {common}>{title}</path>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="5" {common}>{title}</circle>'


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _tooltip(d: Dated) -> str:
    """'label — 2023-09-20 09:00 UTC (local: 12:00 Europe/Moscow)'."""
    local = d.item.get("local")
    return (f"{d.item.get('label') or d.item.get('kind') or 'item'} — {_stamp(d.when)}"
            + (f" (local: {local})" if local else ""))


# --- ticks -----------------------------------------------------------------------------------------

HOUR_STEPS = (1, 2, 3, 6, 12)
DAY_STEPS = (1, 2, 7, 14)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
MAX_TICKS = 8


def tick_times(start: datetime, end: datetime) -> tuple[str, list[datetime]]:
    """Round UTC instants to mark between start and end: hours under 2 days, days under 60, else months.

    Returns the unit ('hour', 'day', 'month') and the ticks; the step is the smallest that keeps at most
    MAX_TICKS labels, so they never collide.
    """
    span = end - start
    if span < timedelta(days=2):
        hours = span / timedelta(hours=1)
        step = next((s for s in HOUR_STEPS if hours / s <= MAX_TICKS), 24)
        tick = start.replace(minute=0, second=0, microsecond=0)
        tick -= timedelta(hours=tick.hour % step)
        return "hour", _between(tick, end, start, lambda t: t + timedelta(hours=step))
    if span < timedelta(days=60):
        days = span / timedelta(days=1)
        step = next((s for s in DAY_STEPS if days / s <= MAX_TICKS), 30)
        tick = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if step == 7:  # weeks start on Monday
            tick -= timedelta(days=tick.weekday())
        return "day", _between(tick, end, start, lambda t: t + timedelta(days=step))
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in MONTH_STEPS if months / s <= MAX_TICKS), months)
    index = start.year * 12 + start.month - 1
    index -= index % step
    tick = datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)
    return "month", _between(tick, end, start, lambda t: _add_months(t, step))


def _between(tick: datetime, end: datetime, start: datetime, step: Any) -> list[datetime]:
    out = []
    while tick <= end:
        if tick >= start:
            out.append(tick)
        tick = step(tick)
    return out


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1)


def _ticks(start: datetime, end: datetime, x: Any, axis_y: float) -> str:
    """Grid lines and labels; a second line gives the date under the first hour tick and each new day (the
    year under the first day tick and each new year), so every label is unambiguous."""
    unit, ticks = tick_times(start, end)
    parts = ['<g font-family="sans-serif" font-size="11" text-anchor="middle">']
    previous: datetime | None = None
    for tick in ticks:
        px = _num(x(tick))
        if unit == "hour":
            main, context = tick.strftime("%H:%M"), tick.strftime("%d %b %Y")
            new = previous is None or previous.date() != tick.date()
        elif unit == "day":
            main, context = tick.strftime("%d %b"), tick.strftime("%Y")
            new = previous is None or previous.year != tick.year
        else:
            main, context, new = tick.strftime("%b %Y"), "", False
        stamp = tick.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts.append(f'<line x1="{px}" x2="{px}" y1="{TOP}" y2="{_num(axis_y + 4)}" stroke="#dcdcdc"/>')
        parts.append(f'<text class="tick" data-utc="{stamp}" x="{px}" y="{_num(axis_y + 16)}" '
                     f'fill="{AXIS}">{main}</text>')
        if new and context:
            parts.append(f'<text x="{px}" y="{_num(axis_y + 30)}" fill="{AXIS}">{context}</text>')
        previous = tick
    parts.append("</g>")
    return "".join(parts)
