"""The application format of contract §1 as pydantic models, and its input errors.

Input errors are the limits of §1 (wrong type or value, unknown key, unknown round, negative
amount, name length, end before start, more than 200 participants); everything else is a
finding. Each error becomes `{"path": ..., "message": ...}` where the path names the field the
way a reader writes it: `participants[2].org_number`, `project.requirements.continuation_plan`.
A document that is not a JSON object has the path `(dokument)`. The messages are catalogue
entries («input.*»), in the language asked for.

The enumerated values come from the vocabulary (checker/vocabulary.toml); the call's objectives,
requirements and activities from the round the application names (checker/rounds/), so a new
round's list is data.

Readings of §1 taken here:
- Types are strict: `"12"` is not a number, `1` is not `true`. Money is whole NOK (an integer);
  employees (annual work units) and the EUR figures may have decimals.
- Amounts above 10^15 are refused: no real application comes near, and it keeps every sum exact
  and every share a finite number.
- `org_number` loses its spaces (also no-break spaces); an empty string then means not
  answered. Whether the digits are valid is a rule (`participant.org_number`), not an input error.
- `name` is trimmed before its length (1-200 characters) is checked.
- `project_owner: null` reads as the default, false.
- The objectives, requirements and activities are checked against the named round; while the
  round itself is unknown, only the round is reported.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
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

from .messages import msg
from .rounds import known_rounds, load_round
from .vocabulary import values

DOCUMENT_PATH = "(dokument)"
MAX_PARTICIPANTS = 200
MAX_AMOUNT = 10**15

AidBasis = Literal[values("aid_basis")]
RdCategory = Literal[values("rd_category")]
Kind = Literal[values("kind")]
NicCluster = Literal[values("nic_cluster")]
Size = Literal[values("size")]


class InputError(Exception):
    """The input breaks a limit of contract §1. `.errors` is a list of {"path", "message"}."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{e['path']}: {e['message']}" for e in errors))


def document_error(key: str, lang: str, **params) -> InputError:
    """An input error of the whole document (not JSON, not readable, not an object)."""
    return InputError([{"path": DOCUMENT_PATH, "message": msg(key, **params).render(lang)}])


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "date")
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date_format", "date", {"value": value}) from None


def _org_number(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        return value or None
    return value


def _in_round(items: str):
    """A value that must be one of the named round's objectives, requirements or activities."""
    def check(value: str, info: ValidationInfo) -> str:
        round_ = (info.context or {}).get("round")
        if round_ is not None and value not in round_.keys(items):
            raise PydanticCustomError("not_in_round", "round", {"allowed": round_.keys(items)})
        return value
    return AfterValidator(check)


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Nok = Annotated[int, Field(strict=True, ge=0, le=MAX_AMOUNT)]
Figure = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]
Text = Annotated[str, Field(strict=True)]
Name = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1,
                                        max_length=200)]
Objective = Annotated[Text, _in_round("objectives")]
Activity = Annotated[Text, _in_round("activities")]
RequirementKey = Annotated[Text, _in_round("requirements")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Project(_Strict):
    """The project: every key optional; null means not answered yet."""

    title: Text | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    objectives: list[Objective] | None = None
    # The call's «Alle prosjekter skal» points of the round; each true, false or not answered.
    requirements: dict[RequirementKey, Flag | None] | None = None
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
            raise PydanticCustomError("end_before_start", "dates",
                                      {"end": end.isoformat(), "start": start.isoformat()})
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
            raise PydanticCustomError("version", "version")
        return value

    @field_validator("round")
    @classmethod
    def _known_round(cls, value: str) -> str:
        if value not in known_rounds():
            raise PydanticCustomError("round_unknown", "round", {"round": value})
        return value


# --- turning pydantic's errors into the contract's path/message list -----------------------

_ALLOWED_VALUES = {
    "aid_basis": values("aid_basis"),
    "rd_category": values("rd_category"),
    "kind": values("kind"),
    "nic_cluster": values("nic_cluster"),
    "size": values("size"),
}


def _fields_at(loc: tuple) -> tuple[str, ...]:
    """The keys allowed in the object that `loc` points into."""
    model = {(): Application, ("project",): Project}.get(tuple(loc[:-1]))
    if model is None and len(loc) == 3 and loc[0] == "participants":
        model = Participant
    return tuple(model.model_fields) if model else ()


def path_of(loc: tuple) -> str:
    """('participants', 2, 'org_number') -> 'participants[2].org_number'. A dict key's own
    error (pydantic's '[key]') is reported at the key."""
    path = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or DOCUMENT_PATH


def _quoted(items) -> list[str]:
    return [f"«{item}»" for item in items]


def _message(error: dict):
    kind = error["type"]
    loc = error["loc"]
    ctx = error.get("ctx", {})
    field = next((p for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "")
    if kind == "literal_error":
        return msg("input.not_allowed", allowed=", ".join(_quoted(_ALLOWED_VALUES.get(field, ()))))
    if kind == "not_in_round":
        if loc[-1] == "[key]":
            return msg("input.unknown_key", key=loc[-2], allowed=", ".join(ctx["allowed"]))
        return msg("input.not_allowed", allowed=", ".join(_quoted(ctx["allowed"])))
    if kind == "extra_forbidden":
        allowed = _fields_at(loc)
        if allowed:
            return msg("input.unknown_key", key=loc[-1], allowed=", ".join(allowed))
        return msg("input.unknown_key_here", key=loc[-1])
    if kind == "too_long" and field == "participants":
        return msg("input.too_many_participants", most=MAX_PARTICIPANTS)
    if kind == "string_too_long":
        return msg("input.too_long", most=ctx.get("max_length"))
    if kind == "round_unknown":
        return msg("input.round_unknown", round=ctx["round"], known=", ".join(known_rounds()))
    if kind == "less_than_equal":
        return msg("input.too_large", most=MAX_AMOUNT)
    if kind == "date_format":
        return msg("input.date_format", **ctx)
    if kind == "end_before_start":
        return msg("input.end_before_start", **ctx)
    return msg(_BY_TYPE.get(kind, "input.invalid"))


# pydantic's error types -> the catalogue's messages that take no parameters.
_BY_TYPE = {
    "missing": "input.missing",
    "string_type": "input.string_type",
    "int_type": "input.int_type",
    "float_type": "input.float_type",
    "finite_number": "input.finite_number",
    "bool_type": "input.bool_type",
    "list_type": "input.list_type",
    "model_type": "input.object_type",
    "dict_type": "input.object_type",
    "model_attributes_type": "input.object_type",
    "greater_than_equal": "input.negative",
    "string_too_short": "input.empty",
    "date_type": "input.date_type",
    "version": "input.version",
}


def input_errors(exc: ValidationError, lang: str) -> list[dict[str, str]]:
    return [
        {"path": path_of(e["loc"]), "message": _message(e).render(lang)}
        for e in exc.errors(include_url=False, include_input=False)
    ]


def parse_application(data: Any, lang: str = "nb") -> Application:
    """Validate parsed JSON against the format; raise InputError with every problem found."""
    if not isinstance(data, dict):
        raise document_error("input.not_an_object", lang)
    round_id = data.get("round")
    context = {"round": load_round(round_id) if round_id in known_rounds() else None}
    try:
        return Application.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError(input_errors(exc, lang)) from None


def json_schema() -> dict:
    """JSON Schema of the application format (what `python -m checker schema` prints). The
    call's objectives, requirements and activities are those of every known round."""
    schema = Application.model_json_schema()
    project = schema["$defs"]["Project"]["properties"]
    rounds = [load_round(r) for r in known_rounds()]

    def every(items: str) -> list[str]:
        return list(dict.fromkeys(key for r in rounds for key in r.keys(items)))

    for name in ("objectives", "activities"):
        project[name]["anyOf"][0]["items"]["enum"] = every(name)
    project["requirements"]["anyOf"][0]["propertyNames"] = {"enum": every("requirements")}
    return schema
