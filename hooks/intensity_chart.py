"""The maximum aid intensities, as a chart and a table, from the checker's own function.

docs/statsstotte/index.md holds two markers:
  <!-- intensitetstabell -->   a table of the maximum share per article and company size;
  <!-- intensitetsdiagram -->  the same numbers as a static SVG bar chart (no script), with the
                               call's cap (the round's max_share) drawn across it.
Both call checker.intensity.article_intensity, so the guide cannot disagree with the checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from mkdocs.exceptions import PluginError

from checker.intensity import article_intensity, max_intensity

import round_summary
import site_format as fmt

TABLE_MARKER = "<!-- intensitetstabell -->"
CHART_MARKER = "<!-- intensitetsdiagram -->"

# Micro and small enterprises get the same intensities under all four articles; the chart
# shows them as one column, and `rows()` proves that at every build.
SIZES = (("small", "Mikro og små"), ("medium", "Mellomstore"), ("large", "Store"))


@dataclass(frozen=True)
class Row:
    label: str
    basis: str
    options: dict
    note: str = ""


ROWS = (
    Row("Art. 25 industriell forskning", "gber_25", {"rd_category": "industrial_research"}),
    Row("Art. 25 industriell forskning, effektivt samarbeid", "gber_25",
        {"rd_category": "industrial_research", "collaboration": True}),
    Row("Art. 25 eksperimentell utvikling", "gber_25", {"rd_category": "experimental_development"}),
    Row("Art. 25 eksperimentell utvikling, effektivt samarbeid", "gber_25",
        {"rd_category": "experimental_development", "collaboration": True}),
    Row("Art. 25 mulighetsstudie", "gber_25", {"rd_category": "feasibility_study"}),
    Row("Art. 27 innovasjonsklynger (klyngeorganisasjonen)", "gber_27", {"kind": "cluster_organisation"},
        "Bare klyngeorganisasjonen kan få støtte etter artikkel 27; andre deltakere får 0\u00a0%."),
    Row("Art. 29 prosess- og organisasjonsinnovasjon", "gber_29", {"sme_share_ok": True},
        "Store foretak bare når de samarbeider reelt med SMB-er som bærer minst 30\u00a0% av kostnadene; "
        "ellers 0\u00a0%. Sjekkeren kontrollerer kostnadsandelen, ikke om samarbeidet er reelt."),
    Row("Art. 49 miljøstudier", "gber_49", {}),
)


def rows(cap: float) -> list[tuple[Row, tuple[float, ...], tuple[float, ...]]]:
    """Each row with, per column of SIZES, the article's intensity and the capped one (checker's)."""
    result = []
    for row in ROWS:
        values = tuple(article_intensity(row.basis, size, **row.options) for size, _ in SIZES)
        capped = tuple(max_intensity(row.basis, size, max_share=cap, **row.options) for size, _ in SIZES)
        if article_intensity(row.basis, "micro", **row.options) != values[0]:
            raise PluginError(f"{row.label}: mikro og små foretak har ulik intensitet; diagrammet slår dem sammen.")
        result.append((row, values, capped))
    return result


def table_markdown(data, cap: float) -> str:
    head = "| Grunnlag | " + " | ".join(label for _, label in SIZES) + " |\n|---|" + "---:|" * len(SIZES)
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
        for (size, label), value in zip(SIZES, values):
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
            f"{row.label}: " + ", ".join(f"{label.lower()} {fmt.percent(v)}" for (_, label), v in zip(SIZES, values)) + "."
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
    cap = round_summary.current_round(config).max_share
    data = rows(cap)
    markdown = markdown.replace(TABLE_MARKER, table_markdown(data, cap))
    return markdown.replace(CHART_MARKER, "\n" + chart_html(data, cap) + "\n")
