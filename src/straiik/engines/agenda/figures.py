"""A figure as a list of drawing primitives, so that one geometry is drawn three ways and looks the same in each:
as SVG on the pages (here), with reportlab graphics in the PDF report and with Pillow as a PNG in the DOCX report
(both in the platform app). Coordinates are in points, the origin at the top left, y downwards, as in SVG.

Every chart carries its figures as text too, so it reads without colour and on a black-and-white print."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from straiik.engines.svg import svg_number

INK, MUTED, LINE, ACCENT, RED, GREEN, AMBER, GREY = (
    "#1b2430", "#5b6675", "#d9dee5", "#1f4e79", "#c8102e", "#1e7b34", "#b36b00", "#9aa5b1")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = ACCENT
    stroke: str = ""
    dash: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = LINE
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str = ACCENT
    width: float = 2.0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str = ACCENT


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 10.0
    fill: str = INK
    anchor: str = "start"  # start | middle | end
    bold: bool = False


@dataclass
class Group:
    """Primitives that belong together (one bar and its label): a class name and a tooltip on the page."""

    cls: str = ""
    title: str = ""
    href: str = ""
    items: list[Primitive] = field(default_factory=list)


Primitive = Rect | Line | Polyline | Circle | Text | Group


@dataclass
class Figure:
    width: float
    height: float
    title: str = ""
    items: list[Primitive] = field(default_factory=list)

    def add(self, *items: Primitive) -> None:
        self.items.extend(items)

    def flat(self) -> list[Rect | Line | Polyline | Circle | Text]:
        """Every primitive, groups opened, in drawing order."""
        out: list[Rect | Line | Polyline | Circle | Text] = []

        def walk(items: list[Primitive]) -> None:
            for item in items:
                if isinstance(item, Group):
                    walk(item.items)
                else:
                    out.append(item)

        walk(self.items)
        return out


def clip(text: str, chars: int) -> str:
    """Cut a label to a number of characters (there are no font metrics here; 0.55 em per character is a fair
    average for DejaVu Sans and the browsers' sans-serif fonts)."""
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "…"


def _n(value: float) -> str:
    return svg_number(value, 1)


def _svg(item: Primitive) -> str:
    if isinstance(item, Group):
        inner = "".join(_svg(i) for i in item.items)
        title = f"<title>{escape(item.title)}</title>" if item.title else ""
        cls = f' class="{escape(item.cls)}"' if item.cls else ""
        body = f"<g{cls}>{title}{inner}</g>"
        return f'<a href="{escape(item.href)}">{body}</a>' if item.href else body
    if isinstance(item, Rect):
        stroke = f' stroke="{item.stroke}"' if item.stroke else ""
        dash = ' stroke-dasharray="4 3"' if item.dash else ""
        fill = item.fill or "none"
        return (f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(max(item.w, 0))}" height="{_n(max(item.h, 0))}"'
                f' fill="{fill}"{stroke}{dash}/>')
    if isinstance(item, Line):
        dash = ' stroke-dasharray="4 3"' if item.dash else ""
        return (f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" y2="{_n(item.y2)}" '
                f'stroke="{item.stroke}" stroke-width="{_n(item.width)}"{dash}/>')
    if isinstance(item, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
        return f'<polyline points="{points}" fill="none" stroke="{item.stroke}" stroke-width="{_n(item.width)}"/>'
    if isinstance(item, Circle):
        return f'<circle cx="{_n(item.cx)}" cy="{_n(item.cy)}" r="{_n(item.r)}" fill="{item.fill}"/>'
    weight = ' font-weight="bold"' if item.bold else ""
    return (f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" fill="{item.fill}" '
            f'text-anchor="{item.anchor}"{weight}>{escape(item.text)}</text>')


def to_svg(figure: Figure, css_class: str = "chart") -> str:
    """The figure as an inline SVG element (escaped: safe to put in a page as it is)."""
    label = escape(figure.title)
    body = "".join(_svg(item) for item in figure.items)
    return (f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-label="{label}" viewBox="0 0 {_n(figure.width)} {_n(figure.height)}" '
            f'width="{_n(figure.width)}" height="{_n(figure.height)}" font-family="DejaVu Sans, sans-serif">'
            f"<title>{label}</title>{body}</svg>")
