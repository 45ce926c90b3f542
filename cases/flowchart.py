"""The whole pathway as a picture: a Graphviz `dot` digraph rendered to inline SVG.

One cluster per stage; actions are rounded boxes, decisions diamonds, outcomes double-bordered
boxes. Every node links to its step page. With a path (a scenario or the guide's answers) the path's
nodes and edges are drawn bold and the rest faded, never hidden. The SVG is cached per
(edition, language, path), so a repeat view costs a cache read; when `dot` is missing or fails the
page shows only its text alternative.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import shutil
import subprocess
import textwrap
import time
from dataclasses import dataclass, field
from datetime import datetime

import graphviz
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from roadmap.paths import Path, resolve_path
from roadmap.projection import EditionInLanguage
from roadmap.published import PublishedOption, PublishedScenario, PublishedStage, PublishedStep
from roadmap_site.query_strings import query_dict

from .links import answers_query
from .selectors import MAX_QUERY_STRING, guide_state

logger = logging.getLogger(__name__)

FORMAT_VERSION = 3  # bump when the picture changes, so cached SVGs are not reused
CACHE_SECONDS = 60 * 60 * 24  # the key contains the edition, so an entry never goes stale
DOT_TIMEOUT_SECONDS = 20
FONT = "Noto Sans,DejaVu Sans,sans-serif"  # a fontconfig family list; Graphviz measures text with it
LINE_WIDTH = 28  # characters per label line
MAX_LINES = 4
DECISION_LINE_WIDTH = 24  # a diamond is about twice as wide as its text
DECISION_MAX_LINES = 3
EDGE_LINE_WIDTH = 18
EDGE_MAX_LINES = 2
TITLE_ID = "flowchart-svg-title"

COLOURS = {  # (fill, border): the site's kind colours (static/css/site.css)
    "action": ("#e7eef8", "#0b5394"),
    "decision": ("#fff3cd", "#7a4a00"),
    "outcome": ("#d8f0e6", "#1e6b52"),
}
PATH_COLOUR = "#0b5394"
FADED_FILL, FADED_BORDER, FADED_TEXT, FADED_EDGE = "#f4f5f7", "#b9bec6", "#6b6b6b", "#c3c8cf"
EDGE_COLOUR = "#4d5560"


def wrap(text: str, width: int = LINE_WIDTH, max_lines: int = MAX_LINES) -> list[str]:
    """`text` in lines of about `width` characters, at most `max_lines`, the last one cut with "…"."""
    words = " ".join((text or "").split())
    lines = textwrap.wrap(words, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return lines


def _text(text: str) -> graphviz.quoting.NoHtml:
    """A DOT string with no special meaning: backslashes literal, never an HTML-like label."""
    return graphviz.nohtml(" ".join((text or "").split()).replace("\\", "\\\\"))


def _label(lines: list[str], *, left: bool = False) -> graphviz.quoting.NoHtml:
    """Lines joined with DOT's line breaks (centred, or left-justified), each line taken literally."""
    escaped = [line.replace("\\", "\\\\") for line in lines]
    return graphviz.nohtml("\\l".join(escaped) + "\\l" if left else "\\n".join(escaped))


def short_option_label(label: str) -> list[str]:
    """ "Да — нужна е спешна помощ" → "Да": the part before a dash, else the label cut short."""
    head = re.split(r"\s+[—–]\s+", label or "", maxsplit=1)[0]
    return wrap(head, EDGE_LINE_WIDTH, EDGE_MAX_LINES)


def node_label(step: PublishedStep) -> list[str]:
    """ "number title", wrapped. A decision shows its title (itself a short question): its full
    question, often 100–200 characters, made diamonds twice as wide and is its tooltip instead."""
    if step.kind == "decision":
        return [step.number] + wrap(step.title or step.question, DECISION_LINE_WIDTH, DECISION_MAX_LINES)
    return wrap(f"{step.number} {step.title}")


def node_tooltip(step: PublishedStep) -> str:
    if step.kind == "decision" and step.question and step.question != step.title:
        return f"{step.title} — {step.question}"
    return step.title


def step_edges(step: PublishedStep) -> list[tuple[PublishedStep, str]]:
    """(target, label) of a step's outgoing edges: an action's next step, a decision's options."""
    if step.kind == "decision":
        return [(option.target, option.label) for option in step.options]
    return [(step.next, "")] if step.next is not None else []


Part = tuple[int, int]  # a slice [start, stop) of a path's steps


def path_parts(path: Path, size: int) -> list[Part]:
    """A long path cut into as few consecutive parts of at most `size` steps as possible, of even
    length (34 steps → 12 + 11 + 11, not 14 + 14 + 6), one printed page each."""
    total = len(path.steps)
    count = max(1, -(-total // size))
    bounds = [round(index * total / count) for index in range(count + 1)]
    return [(start, stop) for start, stop in zip(bounds, bounds[1:], strict=False) if stop > start]


def with_id_prefix(svg: str, prefix: str) -> str:
    """The SVG with every id (and the aria-labelledby pointing at one) prefixed, so that several charts
    can sit in one document without duplicate anchors."""
    return re.sub(r'\b(id|aria-labelledby)="', rf'\1="{prefix}', svg)


def focus_steps(path: Path, part: Part) -> tuple[set[str], set[str]]:
    """(drawn, walked): the part's steps (walked) plus where each of them leads — the next step of the
    path, and the first step of every answer not taken (drawn faded)."""
    walked = {step.slug for step in path.steps[part[0] : part[1]]}
    drawn = set(walked)
    for step in path.steps[part[0] : part[1]]:
        drawn.update(target.slug for target, _label in step_edges(step))
    return drawn, walked


def flowchart_dot(
    *, edition: EditionInLanguage, path: Path | None, lang: str, part: Part | None = None
) -> graphviz.Digraph:
    """The pathway as a `graphviz.Digraph` (not yet laid out). With a `part` of a path only those steps
    and where they lead are drawn: a printed page then stays readable (the whole pathway is not, on A4)."""
    on_path = set(path.slugs) if path else set()
    taken = path.taken_edges() if path else set()
    if part is not None and path is not None:
        shown, walked = focus_steps(path, part)
    else:
        shown = walked = set(edition.steps)
    graph = graphviz.Digraph("roadmap", engine="dot")
    graph.attr(
        "graph",
        rankdir="TB",
        fontname=FONT,
        fontsize="13",
        bgcolor="transparent",
        nodesep="0.35",
        ranksep="0.3",
        pad="0.1",
        newrank="true",
        outputorder="edgesfirst",
        labeljust="l",
    )
    graph.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06", style="rounded,filled", shape="box")
    graph.attr("edge", fontname=FONT, fontsize="9.5", arrowsize="0.7", color=EDGE_COLOUR, fontcolor="#333333")
    with translation.override(lang):
        urls = {slug: reverse("roadmap:step_detail", kwargs={"slug": slug}) for slug in edition.steps}
    for stage in edition.stages:
        if not any(step.slug in shown for step in stage.steps):
            continue
        with graph.subgraph(name=f"cluster_{stage.slug}") as cluster:
            cluster.attr(
                label=_label(wrap(f"{stage.position}. {stage.title}", 44, 2), left=True),
                style="rounded,filled",
                fillcolor="#f7f9fc",
                color="#cfd8e3",
                fontcolor="#0b3d6e",
                id=f"stage-{stage.slug}",
                margin="10",
            )
            for step in stage.steps:
                if step.slug in shown:
                    cluster.node(step.slug, **_node_attributes(step, urls[step.slug], path, on_path))
    for step in edition.step_list:
        if step.slug not in walked:
            continue
        for target, label in step_edges(step):
            attributes = {"label": _label(short_option_label(label))} if label else {}
            if path is not None:
                if (step.slug, target.slug) in taken:
                    attributes.update(
                        color=PATH_COLOUR, penwidth="2.5", fontcolor=PATH_COLOUR, **{"class": "on-path"}
                    )
                else:
                    attributes.update(color=FADED_EDGE, fontcolor=FADED_TEXT, **{"class": "off-path"})
            graph.edge(step.slug, target.slug, **attributes)
    return graph


def _node_attributes(step: PublishedStep, url: str, path: Path | None, on_path: set[str]) -> dict:
    fill, border = COLOURS.get(step.kind, COLOURS["action"])
    attributes = {
        "label": _label(node_label(step)),
        "URL": url,
        "tooltip": _text(node_tooltip(step)),
        "id": f"step-{step.slug}",
        "fillcolor": fill,
        "color": border,
    }
    if step.kind == "decision":
        attributes.update(shape="diamond", style="filled", margin="0.02,0.02")
    elif step.kind == "outcome":
        attributes.update(shape="box", style="filled", peripheries="2")
    if path is not None:
        if step.slug in on_path:
            attributes.update(color=PATH_COLOUR, penwidth="2.5", fontcolor="#0b2740", **{"class": "on-path"})
        else:
            attributes.update(
                color=FADED_BORDER, fillcolor=FADED_FILL, fontcolor=FADED_TEXT, **{"class": "off-path"}
            )
    return attributes


def _run_dot(source: str) -> str:
    """`dot -Tsvg` on `source`; killed after DOT_TIMEOUT_SECONDS (graphviz's own pipe() has no timeout)."""
    result = subprocess.run(
        [shutil.which("dot") or "dot", "-Tsvg"],
        input=source.encode(),
        capture_output=True,
        timeout=DOT_TIMEOUT_SECONDS,
        check=True,
    )
    return result.stdout.decode()


def tidy_svg(svg: str, *, edition: EditionInLanguage, title: str) -> str:
    """Graphviz's SVG made fit to inline: no prolog, scalable, labelled, step titles as tooltips."""
    svg = re.sub(r"^.*?(?=<svg\b)", "", svg, count=1, flags=re.S).replace("&#45;", "-")
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError("dot produced no <svg> element")
    tag = opening.group(0)
    width = re.search(r'\bwidth="([\d.]+)pt"', tag)
    tag = re.sub(r'\s(?:width|height)="[^"]*"', "", tag)
    # its natural width in px, for static/js/flowchart.js (the CSP allows no style="" attribute)
    natural = f' data-natural-width="{round(float(width.group(1)) * 4 / 3)}"' if width else ""
    tag = tag[:-1] + (
        f' class="flowchart-svg" role="group" aria-labelledby="{TITLE_ID}"'
        f' preserveAspectRatio="xMidYMin meet"{natural}>'
    )
    body = svg[opening.end() :]

    def retitle(match: re.Match) -> str:
        # A node's <title> is its DOT name (the slug): show the step's title instead; drop the others
        # (edges "a->b", clusters, the graph's name), which would only be noise for screen readers.
        step = edition.steps.get(html.unescape(match.group(2)))
        if step is None or not match.group(1):
            return ""
        return f"{match.group(1)}<title>{html.escape(node_tooltip(step))}</title>"

    body = re.sub(r'(<g id="step-[^"]*" class="node[^"]*">\s*)?<title>([^<]*)</title>', retitle, body)
    return f'{tag}\n<title id="{TITLE_ID}">{html.escape(title)}</title>{body}'.strip()


def _cache_key(edition: EditionInLanguage, path: Path | None, lang: str, part: Part | None = None) -> str:
    parts = (FORMAT_VERSION, edition.cache_key, lang, tuple(path.slugs) if path else "all", part)
    return "flowchart:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def render_svg(
    *, edition: EditionInLanguage, path: Path | None, lang: str, part: Part | None = None
) -> str | None:
    """Lay out and render the chart now (no cache); None when `dot` is missing or fails."""
    if shutil.which("dot") is None:
        logger.warning("Graphviz `dot` is not installed: the flowchart shows its text version only.")
        return None
    try:
        with translation.override(lang):
            title = chart_title(edition, path)
        graph = flowchart_dot(edition=edition, path=path, lang=lang, part=part)
        return tidy_svg(_run_dot(graph.source), edition=edition, title=title)
    except Exception:
        logger.exception(
            "Rendering the flowchart with Graphviz failed (edition %s, %s)", edition.number, lang
        )
        return None


def flowchart_svg(
    *, edition: EditionInLanguage, path: Path | None, lang: str, part: Part | None = None
) -> str | None:
    """The chart as inline SVG markup, from the cache when it was rendered before; None without `dot`."""
    key = _cache_key(edition, path, lang, part)
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(edition=edition, path=path, lang=lang, part=part)
        if svg is not None:
            cache.set(key, svg, CACHE_SECONDS)
    return svg


def render_seconds(*, edition: EditionInLanguage, path: Path | None, lang: str, runs: int = 1) -> float:
    """Median wall time of a cold render (layout + SVG), for benchmarks and notes."""
    times = []
    for _run in range(max(1, runs)):
        started = time.perf_counter()
        render_svg(edition=edition, path=path, lang=lang)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def chart_title(edition: EditionInLanguage, path: Path | None) -> str:
    if path is None:
        return _("Flowchart of the roadmap: %(count)d steps in %(stages)d stages") % {
            "count": len(edition.step_list),
            "stages": len(edition.stages),
        }
    return _("Flowchart of the roadmap with a path of %(count)d steps highlighted") % {
        "count": len(path.steps)
    }


# The page


@dataclass(repr=False)
class OutlineStep:
    """A step of the text alternative: where it leads, and whether it is on the highlighted path."""

    step: PublishedStep
    on_path: bool
    options: list[tuple[PublishedOption, bool]]  # a decision's options, True for the answer taken


@dataclass(repr=False)
class PathItem:
    """A step of the vertical path (phones): the answer taken at a fork, and the answers not taken."""

    step: PublishedStep
    taken: PublishedOption | None
    others: list[PublishedOption]


@dataclass(repr=False)
class FlowchartPage:
    edition: EditionInLanguage
    path: Path | None
    svg: SafeString | None
    title: str
    outline: list[tuple[PublishedStage, list[OutlineStep]]]
    scenario: PublishedScenario | None = None
    messages: list[str] = field(default_factory=list)
    guide_query: str = ""  # the guide link with the same answers, when there are answers

    @property
    def vertical(self) -> list[PathItem]:
        """The highlighted path as a list, in its order (what a phone shows instead of the canvas)."""
        if self.path is None:
            return []
        taken = {answer.decision.slug: answer.option for answer in self.path.answers}
        return [
            PathItem(step, taken.get(step.slug), [o for o in step.options if o is not taken.get(step.slug)])
            for step in self.path.steps
        ]


def outline(edition: EditionInLanguage, path: Path | None) -> list[tuple[PublishedStage, list[OutlineStep]]]:
    on_path = set(path.slugs) if path else set()
    chosen = set(path.answer_pairs()) if path else set()
    return [
        (
            stage,
            [
                OutlineStep(
                    step=step,
                    on_path=step.slug in on_path,
                    options=[(option, (step.slug, option.key) in chosen) for option in step.options],
                )
                for step in stage.steps
            ],
        )
        for stage in edition.stages
    ]


def flowchart_page(
    *, edition: EditionInLanguage, query_string: str, lang: str, now: datetime
) -> FlowchartPage:
    """`?scenario=<slug>` or the guide's `?a=<decision>:<key>…` → the path to highlight (scenario wins).

    Bad input (an unknown scenario, forged answers) becomes a message above the whole chart, never an error.
    """
    params = query_dict(query_string[:MAX_QUERY_STRING])
    messages: list[str] = []
    path, scenario, guide_query = None, None, ""
    slug = params.get("scenario", "")[:100]
    if slug:
        scenario = edition.scenario_map.get(slug)
        if scenario is None:
            messages.append(
                _("There is no scenario “%(slug)s”. The whole pathway is shown without a highlighted path.")
                % {"slug": slug}
            )
        else:
            path = resolve_path(edition, scenario.answers)
            messages += path.errors
            guide_query = answers_query(path.answer_pairs(), e=edition.number)
    elif params.getlist("a"):
        view = guide_state(edition=edition, query_string=query_string, now=now)
        path, messages, guide_query = view.path, list(view.messages), view.query
        if path.stopped is not None:
            messages.append(
                _("The answers stop at the question “%(question)s”: the path is highlighted up to there.")
                % {"question": path.stopped.question or path.stopped.title}
            )
    svg = flowchart_svg(edition=edition, path=path, lang=lang)
    # mark_safe: the SVG is dot's output for labels it escaped itself, and tidy_svg escapes what it adds.
    return FlowchartPage(
        edition=edition,
        path=path,
        svg=mark_safe(svg) if svg else None,
        title=chart_title(edition, path),
        outline=outline(edition, path),
        scenario=scenario,
        messages=messages,
        guide_query=guide_query,
    )
