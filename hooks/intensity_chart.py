"""The maximum aid intensities, as a chart and a table, from the checker's own function.

docs/statsstotte/index.md holds two markers:
  <!-- intensitetstabell -->   a table of the maximum share per article and company size;
  <!-- intensitetsdiagram -->  the same numbers as a static SVG bar chart (no script), with the
                               call's cap (the round's max_share) drawn across it.
Both call checker.intensity.article_intensity with the GBER text the round applies, so the guide
cannot disagree with the checker. Where the texts differ (article 49), the table shows both.
The names of articles, categories and sizes are the checker's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from mkdocs.exceptions import PluginError

from checker import law
from checker.intensity import article_intensity, max_intensity

import round_summary
import site_format as fmt

TABLE_MARKER = "<!-- intensitetstabell -->"
CHART_MARKER = "<!-- intensitetsdiagram -->"

# Micro and small enterprises get the same intensities under all four articles; the chart
# shows them as one column, and `rows()` proves that at every build.
SIZES = ("small", "medium", "large")


def size_heading(size: str) -> str:
    if size == "small":
        return fmt.capitalise(f"{fmt.label('size', 'micro', 'plural')} og {fmt.label('size', 'small', 'plural')}")
    return fmt.capitalise(fmt.label("size", size, "plural"))


@dataclass(frozen=True)
class Row:
    basis: str
    options: dict
    qualifier: str = ""
    note: str = ""
    text: str | None = None  # a GBER text of its own; None: the round's

    @property
    def label(self) -> str:
        parts = [fmt.capitalise(fmt.label("aid_basis", self.basis, "short"))]
        if "rd_category" in self.options:
            parts.append(fmt.label("rd_category", self.options["rd_category"]))
        if self.qualifier:
            parts.append(self.qualifier)
        return ", ".join(parts)


def _rows(round_text: str) -> tuple[Row, ...]:
    texts = law.gber_texts()

    def pct(name: str, text: str = round_text) -> str:
        return fmt.percent(law.gber(text, name) / 100)

    return (
        Row("gber_25", {"rd_category": "industrial_research"}),
        Row("gber_25", {"rd_category": "industrial_research", "collaboration": True}, "effektivt samarbeid"),
        Row("gber_25", {"rd_category": "experimental_development"}),
        Row("gber_25", {"rd_category": "experimental_development", "collaboration": True}, "effektivt samarbeid"),
        Row("gber_25", {"rd_category": "feasibility_study"}),
        Row("gber_27", {"kind": "cluster_organisation"}, "klyngeorganisasjonen",
            "Bare klyngeorganisasjonen kan få støtte etter artikkel 27; andre deltakere får 0\u00a0%."),
        Row("gber_29", {"sme_share_ok": True}, "",
            f"Store foretak bare når de samarbeider effektivt med SMB-er som bærer minst "
            f"{pct('gber_29.min_sme_share')} av kostnadene; ellers 0\u00a0%. Sjekkeren kontrollerer "
            "kostnadsandelen, ikke om samarbeidet er effektivt."),
        *(Row("gber_49", {}, f"teksten fra {text}",
              "" if text != texts[-1] else
              f"Artikkel 49 ga {pct('gber_49.intensity.base', texts[0])} i teksten fra {texts[0]} og "
              f"{pct('gber_49.intensity.base', text)} etter endringen i {text}. Hvilken tekst Innovasjon "
              f"Norge brukte i denne runden, er ikke bekreftet; sjekkeren bruker teksten fra {round_text} "
              "(vår lesning). Utlysningens tak gjør forskjellen uten betydning.",
              text) for text in texts),
    )


def rows(cap: float, round_text: str) -> list[tuple[Row, tuple[float, ...], tuple[float, ...]]]:
    """Each row with, per column of SIZES, the article's intensity and the capped one (checker's)."""
    result = []
    for row in _rows(round_text):
        text = row.text or round_text
        values = tuple(article_intensity(row.basis, size, text=text, **row.options) for size in SIZES)
        capped = tuple(max_intensity(row.basis, size, text=text, max_share=cap, **row.options)
                       for size in SIZES)
        if article_intensity(row.basis, "micro", text=text, **row.options) != values[0]:
            raise PluginError(f"{row.label}: mikro og små foretak har ulik intensitet; diagrammet slår dem sammen.")
        result.append((row, values, capped))
    return result


def table_markdown(data, cap: float) -> str:
    head = "| Grunnlag | " + " | ".join(size_heading(size) for size in SIZES) + " |\n|---|" + "---:|" * len(SIZES)
    body = []
    for row, values, capped in data:
        cells = [
            fmt.percent(v) if v == c else f"{fmt.percent(v)} (i utlysningen {fmt.percent(c)})"
            for v, c in zip(values, capped)
        ]
        body.append(f"| {row.label} | " + " | ".join(cells) + " |")
    notes = [f"- {row.label}: {row.note}" for row, _, _ in data if row.note]
    return (
        f"{head}\n" + "\n".join(body) + "\n\n"
        f"Tallene er artikkelens høyeste støtteintensitet per deltaker. Utlysningen setter i tillegg et "
        f"tak på {fmt.percent(cap)}. Vår lesning er at taket også gjelder hver deltaker, og at det "
        f"gjelder foran artikkelen når artikkelen tillater mer. Deltakere som sjekkeren ikke regner "
        f"som foretak (forskningsinstitutter, universiteter, offentlige aktører), holder den bare til "
        f"utlysningens tak. Tabellen er laget fra sjekkerens egen beregning.\n\n"
        + "\n".join(notes) + "\n"
    )


# Chart geometry (SVG user units; the SVG scales to the column width).
WIDTH, LABEL_W, BAR_W = 720, 170, 440
BAR_H, BAR_GAP, TITLE_H, GROUP_GAP, TOP, BOTTOM = 16, 4, 22, 14, 40, 36


def chart_svg(data, cap: float) -> str:
    """A static, scriptless bar chart: one group per row, one bar per size, cap line across."""
    x0 = LABEL_W

    def x(share: float) -> float:
        return x0 + BAR_W * share

    parts, y = [], TOP
    for row, values, _ in data:
        parts.append(f'<text class="ic-group" x="0" y="{y + 15}">{escape(row.label)}</text>')
        y += TITLE_H
        for size, value in zip(SIZES, values):
            label = size_heading(size)
            mid = y + BAR_H / 2 + 4
            parts.append(f'<text class="ic-size" x="{x0 - 8}" y="{mid}" text-anchor="end">{label}</text>')
            parts.append(
                f'<rect class="ic-bar ic-bar--{size}" x="{x0}" y="{y}" width="{BAR_W * value:.1f}" height="{BAR_H}"/>'
            )
            parts.append(f'<text class="ic-value" x="{x(value) + 6:.1f}" y="{mid}">{fmt.percent(value)}</text>')
            y += BAR_H + BAR_GAP
        y += GROUP_GAP
    height = y + BOTTOM
    axis = [
        f'<line class="ic-grid" x1="{x(t):.1f}" y1="{TOP - 6}" x2="{x(t):.1f}" y2="{y}"/>'
        f'<text class="ic-tick" x="{x(t):.1f}" y="{y + 16}" text-anchor="middle">{fmt.percent(t)}</text>'
        for t in (0, 0.25, 0.5, 0.75, 1.0)
    ]
    cap_line = (
        f'<line class="ic-cap" x1="{x(cap):.1f}" y1="{TOP - 10}" x2="{x(cap):.1f}" y2="{y}"/>'
        f'<text class="ic-cap-label" x="{x(cap) + 6:.1f}" y="{TOP - 16}">Utlysningens tak: {fmt.percent(cap)}</text>'
    )
    desc = (
        f"Liggende søylediagram over høyeste støtteintensitet per deltaker etter artikkel i "
        f"gruppeunntaket og foretaksstørrelse, med utlysningens tak på {fmt.percent(cap)} tegnet "
        f"som en stiplet linje. " + " ".join(
            f"{row.label}: " + ", ".join(f"{size_heading(size).lower()} {fmt.percent(v)}" for size, v in zip(SIZES, values)) + "."
            for row, values, _ in data
        )
    )
    return (
        f'<svg class="intensitetsdiagram" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="ic-title ic-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="ic-title">Høyeste støtteintensitet etter artikkel og foretaksstørrelse</title>'
        f'<desc id="ic-desc">{escape(desc)}</desc>'
        + "".join(axis) + "".join(parts) + cap_line + "</svg>"
    )


def chart_html(data, cap: float) -> str:
    return (
        '<figure class="intensitetsfigur">'
        + chart_svg(data, cap)
        + "<figcaption>Høyeste støtteintensitet per deltaker etter artikkel og foretaksstørrelse, "
        f"beregnet med sjekkerens egen funksjon. Den stiplede linjen er utlysningens tak på "
        f"{fmt.percent(cap)}. Tallene står også i tabellen på denne siden.</figcaption>"
        "</figure>"
    )


def on_page_markdown(markdown, page, config, files):
    if TABLE_MARKER not in markdown and CHART_MARKER not in markdown:
        return markdown
    rnd = round_summary.current_round(config)
    cap = rnd.max_share
    data = rows(cap, rnd.gber_text)
    markdown = markdown.replace(TABLE_MARKER, table_markdown(data, cap))
    return markdown.replace(CHART_MARKER, "\n" + chart_html(data, cap) + "\n")
