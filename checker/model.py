"""The application format of contract §1 as pydantic models, and its input errors in bokmål.

Input errors are the limits of §1 (wrong type or value, unknown key, unknown round, negative
amount, name length, end before start, more than 200 participants); everything else is a
finding. Each error becomes `{"path": ..., "message": ...}` where the path names the field the
way a reader writes it: `participants[2].org_number`, `project.requirements.continuation_plan`.
A document that is not a JSON object has the path `(dokument)`.

Readings of §1 taken here:
- Types are strict: `"12"` is not a number, `1` is not `true`. Money is whole NOK (an integer);
  employees (annual work units) and the EUR figures may have decimals.
- Amounts above 10^15 are refused: no real application comes near, and it keeps every sum exact
  and every share a finite number.
- `org_number` loses its spaces (also no-break spaces); an empty string then means not
  answered. Whether the digits are valid is a rule (`participant.org_number`), not an input error.
- `name` is trimmed before its length (1-200 characters) is checked.
- `project_owner: null` reads as the default, false.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .intensity import KINDS, RD_CATEGORIES, SIZES
from .rounds import known_rounds

DOCUMENT_PATH = "(dokument)"
MAX_PARTICIPANTS = 200
MAX_AMOUNT = 10**15

Objective = Literal[
    "industrial_symbiosis", "circular_value_chain", "reduced_virgin_resources_or_emissions"
]
Activity = Literal[
    "facilitation_coordination", "innovation_collaboration", "concept_business_model",
    "knowledge_gathering",
]
AidBasis = Literal["de_minimis", "gber_25", "gber_27", "gber_29", "gber_49"]
RdCategory = Literal[RD_CATEGORIES]
Kind = Literal[KINDS]
NicCluster = Literal["current", "former", "none"]
Size = Literal[SIZES]


class InputError(Exception):
    """The input breaks a limit of contract §1. `.errors` is a list of {"path", "message"}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{e['path']}: {e['message']}" for e in errors))


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "Må være en dato på formen ÅÅÅÅ-MM-DD.")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_format", "«{value}» er ikke en gyldig dato på formen ÅÅÅÅ-MM-DD.",
            {"value": value},
        ) from None


def _org_number(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        return value or None
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Nok = Annotated[int, Field(strict=True, ge=0, le=MAX_AMOUNT)]
Figure = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]
Text = Annotated[str, Field(strict=True)]
Name = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1,
                                        max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirements(_Strict):
    """The six «Alle prosjekter skal» points of the call; each true, false or not answered."""

    scalable_results: Flag | None = None
    national_innovation_high_risk: Flag | None = None
    new_business_models_or_digitalisation: Flag | None = None
    competence_for_green_value_chains: Flag | None = None
    value_creation_and_competitiveness: Flag | None = None
    continuation_plan: Flag | None = None


class Project(_Strict):
    """The project: every key optional; null means not answered yet."""

    title: Text | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    objectives: list[Objective] | None = None
    requirements: Requirements | None = None
    activities: list[Activity] | None = None
    total_cost_nok: Nok | None = None
    requested_nok: Nok | None = None
    aid_basis: AidBasis | None = None
    rd_category: RdCategory | None = None

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if end is not None and start is not None and end < start:
            raise PydanticCustomError(
                "end_before_start", "Sluttdatoen {end} er før startdatoen {start}.",
                {"end": end.isoformat(), "start": start.isoformat()},
            )
        return end


class Participant(_Strict):
    """One member of the consortium; only the name is required."""

    name: Name
    org_number: Text | None = None
    kind: Kind | None = None
    business_register: Flag | None = None
    nic_cluster: NicCluster | None = None
    business_network: Flag | None = None
    size: Size | None = None
    employees: Figure | None = None
    turnover_eur: Figure | None = None
    balance_sheet_eur: Figure | None = None
    project_owner: Flag = False
    eligible_costs_nok: Nok | None = None
    aid_nok: Nok | None = None
    de_minimis_received_nok: Nok | None = None
    in_difficulty: Flag | None = None
    recovery_order: Flag | None = None
    motivation_attached: Flag | None = None
    de_minimis_declaration: Flag | None = None

    @field_validator("org_number", mode="before")
    @classmethod
    def _org_number_spaces(cls, value: Any) -> Any:
        return _org_number(value)

    @field_validator("project_owner", mode="before")
    @classmethod
    def _owner_default(cls, value: Any) -> Any:
        return False if value is None else value


class Application(_Strict):
    """An application to «Samarbeidsprosjekter for sirkulære verdikjeder», format version 1.

    A saved draft, an exported file and the command line's input are the same document.
    null or an absent optional key means not answered yet, never no.
    """

    version: int = 1
    round: Text
    submission_date: IsoDate | None = None
    project: Project
    participants: Annotated[list[Participant], Field(max_length=MAX_PARTICIPANTS)]

    @field_validator("version", mode="before")
    @classmethod
    def _version_one(cls, value: Any) -> Any:
        if type(value) is not int or value != 1:
            raise PydanticCustomError("version", "Må være 1 (den eneste versjonen av formatet).")
        return value

    @field_validator("round")
    @classmethod
    def _known_round(cls, value: str) -> str:
        known = known_rounds()
        if value not in known:
            raise PydanticCustomError(
                "round_unknown", "Ukjent runde «{round}». Kjente runder: {known}.",
                {"round": value, "known": ", ".join(known)},
            )
        return value


# --- turning pydantic's errors into the contract's path/message list -----------------------

_ALLOWED_VALUES = {
    "objectives": get_args(Objective),
    "activities": get_args(Activity),
    "aid_basis": get_args(AidBasis),
    "rd_category": RD_CATEGORIES,
    "kind": KINDS,
    "nic_cluster": get_args(NicCluster),
    "size": SIZES,
}


def _fields_at(loc: tuple) -> tuple[str, ...]:
    """The keys allowed in the object that `loc` points into."""
    model = {
        (): Application,
        ("project",): Project,
        ("project", "requirements"): Requirements,
    }.get(tuple(loc[:-1]))
    if model is None and len(loc) == 3 and loc[0] == "participants":
        model = Participant
    return tuple(model.model_fields) if model else ()


def path_of(loc: tuple) -> str:
    """('participants', 2, 'org_number') -> 'participants[2].org_number'."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or DOCUMENT_PATH


def _quoted(values) -> str:
    return ", ".join(f"«{v}»" for v in values)


def _message(error: dict) -> str:
    kind = error["type"]
    loc = error["loc"]
    ctx = error.get("ctx", {})
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "literal_error":
        return f"Ugyldig verdi. Tillatte verdier: {_quoted(_ALLOWED_VALUES.get(field, ()))}."
    if kind == "extra_forbidden":
        allowed = _fields_at(loc)
        hint = f" Tillatte felt her: {', '.join(allowed)}." if allowed else ""
        return f"Ukjent felt «{loc[-1]}» (skrivefeil?).{hint}"
    if kind == "too_long" and field == "participants":
        return f"For mange deltakere: høyst {MAX_PARTICIPANTS} er tillatt."
    if kind == "greater_than_equal":
        return "Kan ikke være negativt."
    if kind == "less_than_equal":
        return f"Urimelig stort tall (høyst {MAX_AMOUNT:,}).".replace(",", " ")
    if kind == "string_too_short":
        return "Kan ikke være tomt."
    if kind == "string_too_long":
        return f"For langt: høyst {ctx.get('max_length')} tegn."
    if kind in _CUSTOM:
        return error["msg"]
    return _BY_TYPE.get(kind, "Ugyldig verdi.")


_CUSTOM = {"date_type", "date_format", "end_before_start", "version", "round_unknown"}
_BY_TYPE = {
    "missing": "Mangler: feltet må være med.",
    "string_type": "Må være tekst.",
    "int_type": "Må være et helt tall (kroner uten desimaler).",
    "float_type": "Må være et tall.",
    "finite_number": "Må være et endelig tall.",
    "bool_type": "Må være true, false eller null.",
    "list_type": "Må være en liste.",
    "model_type": "Må være et objekt ({ ... }).",
    "dict_type": "Må være et objekt ({ ... }).",
    "model_attributes_type": "Må være et objekt ({ ... }).",
}


def input_errors(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"path": path_of(e["loc"]), "message": _message(e)}
        for e in exc.errors(include_url=False, include_input=False)
    ]


def parse_application(data: Any) -> Application:
    """Validate parsed JSON against the format; raise InputError with every problem found."""
    if not isinstance(data, dict):
        raise InputError([{"path": DOCUMENT_PATH,
                           "message": "Søknaden må være et JSON-objekt ({ ... })."}])
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        raise InputError(input_errors(exc)) from None


def json_schema() -> dict:
    """JSON Schema of the application format (what `python -m checker schema` prints)."""
    return Application.model_json_schema()
