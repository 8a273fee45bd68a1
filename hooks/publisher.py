"""Who publishes the site and where readers send feedback, on the accessibility statement.

Both are settings in mkdocs.yml, so whoever publishes the site fills in two values and edits no
page:

  extra:
    utgiver:
      navn: ""            the body that publishes the site
      tilbakemelding: ""  an e-mail address or an https:// address for feedback

Pages use
  <!-- utgiver:navn -->            one sentence naming the publisher, and
  <!-- utgiver:tilbakemelding -->  the invitation to give feedback, with the channel as a link.

An empty value renders as what is true without it (no publisher named, no feedback channel) and
the build says which setting to fill in. A channel that is neither an e-mail address nor an
https:// address stops the build: an address must never be guessed.
"""

from __future__ import annotations

import logging
import re

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.publisher")

MARKER = re.compile(r"^<!--\s*utgiver:([a-z]+)\s*-->[ \t]*$", re.MULTILINE)
EMAIL = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[a-z]{2,}", re.IGNORECASE)
URL = re.compile(r"https://[^\s<>()\[\]]+")

NO_PUBLISHER = "Denne versjonen av nettstedet oppgir ikke hvem som publiserer det."
NO_CHANNEL = "Denne versjonen av nettstedet har ingen egen kanal for tilbakemeldinger om tilgjengelighet."


def settings(config) -> dict[str, str]:
    """{'navn': …, 'tilbakemelding': …} from extra.utgiver, stripped; PluginError names a bad one."""
    raw = config["extra"].get("utgiver") or {}
    if not isinstance(raw, dict):
        raise PluginError("mkdocs.yml: extra.utgiver må ha feltene navn og tilbakemelding.")
    unknown = sorted(set(raw) - {"navn", "tilbakemelding"})
    if unknown:
        raise PluginError(f"mkdocs.yml: extra.utgiver har ukjent felt {unknown[0]!r}. Kjente: navn, tilbakemelding.")
    values = {}
    for key in ("navn", "tilbakemelding"):
        value = raw.get(key) or ""
        if not isinstance(value, str):
            raise PluginError(f"mkdocs.yml: extra.utgiver.{key} må være tekst.")
        values[key] = value.strip()
    channel = values["tilbakemelding"]
    if channel and not (EMAIL.fullmatch(channel) or URL.fullmatch(channel)):
        raise PluginError(
            f"mkdocs.yml: extra.utgiver.tilbakemelding er «{channel}». Skriv en e-postadresse "
            "(navn@eksempel.no) eller en adresse som begynner med https://, eller la feltet stå tomt."
        )
    return values


def sentence(name: str, values: dict[str, str]) -> str:
    if name == "navn":
        return f"Nettstedet publiseres av {values['navn']}." if values["navn"] else NO_PUBLISHER
    if name == "tilbakemelding":
        channel = values["tilbakemelding"]
        if not channel:
            return NO_CHANNEL
        href = channel if channel.startswith("https://") else f"mailto:{channel}"
        return (f"Finner du noe som ikke virker for deg, vil vi gjerne høre om det. Skriv til [{channel}]({href}),"
                " og si gjerne hvilken side det gjelder, og hva som ikke virket.")
    raise PluginError(f"ukjent markør <!-- utgiver:{name} -->. Kjente: utgiver:navn, utgiver:tilbakemelding.")


def render(markdown: str, values: dict[str, str], page_src: str) -> str:
    def block(match: re.Match) -> str:
        try:
            return sentence(match.group(1), values)
        except PluginError as err:
            raise PluginError(f"docs/{page_src}: {err}") from None

    return MARKER.sub(block, markdown)


def on_config(config):
    values = settings(config)
    for key, what in (("navn", "virksomheten som publiserer nettstedet"),
                      ("tilbakemelding", "e-postadressen eller https://-adressen for tilbakemeldinger")):
        if not values[key]:
            log.info(
                "mkdocs.yml: extra.utgiver.%s er tom, så tilgjengelighetserklæringen sier det. "
                "Før nettstedet publiseres: skriv inn %s.", key, what,
            )
    return config


def on_page_markdown(markdown, page, config, files):
    return render(markdown, settings(config), page.file.src_uri)
