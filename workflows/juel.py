"""Translate the JUEL subset Camunda Modeler writes (`${a == "x" && !empty b}`) into Python."""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
    |(?P<op>&&|\|\||==|!=|<=|>=|!)
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.X | re.S,
)
_WORDS = {
    "null": "None", "true": "True", "false": "False", "eq": "==", "ne": "!=", "lt": "<",
    "gt": ">", "le": "<=", "ge": ">=", "div": "/", "mod": "%",
}
_OPS = {"&&": " and ", "||": " or ", "!": " not "}
_CLOSE = {"(": ")", "[": "]"}


class JuelError(ValueError):
    """A JUEL construct the sandbox cannot honour; the message says what to write instead."""


def is_juel(expression: str) -> bool:
    """True when the text is wrapped as a JUEL expression, `${...}` or `#{...}`."""
    text = expression.strip()
    return text[:2] in ("${", "#{") and text.endswith("}")


def to_python(expression: str) -> str:
    """Return the Python form of a JUEL expression; anything else is returned unchanged."""
    if not is_juel(expression):
        return expression
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(expression.strip()[2:-1])]
    if any(kind == "other" and text in "?:" for kind, text in tokens):
        raise JuelError(
            "the JUEL conditional `a ? b : c` is not supported; use a gateway or a script task"
        )
    return "".join(_translate(tokens))


def _translate(tokens: list[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "word" and text == "empty":
            begin = i + 1
            while begin < len(tokens) and tokens[begin][0] == "space":
                begin += 1
            end = _operand_end(tokens, begin)
            out.append("is_empty(" + "".join(_translate(tokens[begin:end])) + ")")
            i = end
            continue
        if kind == "op" and text in _OPS:
            out.append(_OPS[text])
        elif kind == "word":
            out.append(_WORDS.get(text, " not " if text == "not" else text))
        else:
            out.append(text)
        i += 1
    return out


def _operand_end(tokens: list[tuple[str, str]], start: int) -> int:
    """Index just past the operand of a prefix `empty`: a name path or a bracketed group."""
    i = start
    if i >= len(tokens):
        raise JuelError("`empty` needs an operand, as in `empty comment`")
    if tokens[i][1] in _CLOSE:
        return _skip_group(tokens, i)
    i += 1
    while i < len(tokens):
        if tokens[i][1] == "." and i + 1 < len(tokens) and tokens[i + 1][0] == "word":
            i += 2
        elif tokens[i][1] in _CLOSE:
            i = _skip_group(tokens, i)
        else:
            break
    return i


def _skip_group(tokens: list[tuple[str, str]], i: int) -> int:
    depth = 0
    while i < len(tokens):
        if tokens[i][1] in _CLOSE:
            depth += 1
        elif tokens[i][1] in _CLOSE.values():
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise JuelError("unbalanced brackets")
