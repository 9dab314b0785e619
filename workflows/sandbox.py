"""Compile scripts and expressions with RestrictedPython plus time and size guards; cached."""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from types import CodeType

from RestrictedPython import (
    RestrictingNodeTransformer,
    compile_restricted_eval,
    compile_restricted_exec,
)

from . import juel

_GUARDED_OPS = {ast.Mult: "*", ast.Pow: "**", ast.LShift: "<<", ast.Add: "+", ast.Mod: "%"}
_LINE = re.compile(r"^Line (\d+):\s*(.*)$", re.S)
_BIG_WIDTH = re.compile(r"\d{6,}")


class CompileError(Exception):
    """Source that does not compile in the sandbox; not a SyntaxError on purpose."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _located(new: ast.AST, old: ast.AST) -> ast.AST:
    """Give a generated node (and its children) the source position of the node it replaces."""
    return ast.fix_missing_locations(ast.copy_location(new, old))


def _tick_call() -> ast.Call:
    return ast.Call(func=ast.Name("_tick_", ast.Load()), args=[], keywords=[])


class SandboxPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy plus a deadline check in every loop and function body,
    guarded size-growing operators, and no classes or generator functions."""

    def visit_While(self, node: ast.While) -> ast.AST:
        node = self.node_contents_visit(node)
        node.body.insert(0, _located(ast.Expr(value=_tick_call()), node))
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node = super().visit_FunctionDef(node)
        node.body.insert(0, _located(ast.Expr(value=_tick_call()), node))
        return node

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        node = super().visit_Lambda(node)
        node.body = _located(ast.BoolOp(op=ast.Or(), values=[_tick_call(), node.body]), node.body)
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.node_contents_visit(node)
        symbol = _GUARDED_OPS.get(type(node.op))
        if symbol is None:
            return node
        call = ast.Call(
            func=ast.Name("_binop_", ast.Load()),
            args=[ast.Constant(symbol), node.left, node.right],
            keywords=[],
        )
        return _located(call, node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        spec = node.format_spec
        if spec is not None:
            parts = spec.values if isinstance(spec, ast.JoinedStr) else [spec]
            if not all(isinstance(p, ast.Constant) for p in parts):
                self.error(node, "Nested expressions in a format spec are not allowed.")
            elif any(_BIG_WIDTH.search(str(p.value)) for p in parts):
                self.error(node, "Format widths over 99999 are not allowed.")
        return self.node_contents_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.error(node, "Class definitions are not allowed.")
        return node

    def visit_Yield(self, node: ast.Yield) -> ast.AST:
        self.error(node, "Generator functions (yield) are not allowed.")
        return node

    def visit_YieldFrom(self, node: ast.YieldFrom) -> ast.AST:
        return self.visit_Yield(node)

    def visit_Import(self, node: ast.Import) -> ast.AST:
        self.error(node, "Imports are not allowed; use the operations the template provides.")
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST:
        return self.visit_Import(node)

    def visit_Global(self, node: ast.Global) -> ast.AST:
        self.error(node, "global statements are not allowed.")
        return node


def _raise_errors(errors: tuple[str, ...]) -> None:
    first = errors[0]
    match = _LINE.match(first)
    if match:
        raise CompileError("; ".join(errors), line=int(match.group(1)))
    raise CompileError("; ".join(errors))


MAX_SCRIPT = 64 * 1024
MAX_EXPRESSION = 8 * 1024


def compile_script(source: str) -> CodeType:
    """Compile a script task's body; raise CompileError with the line when it is refused."""
    if len(source) > MAX_SCRIPT:
        raise CompileError(f"the script is longer than {MAX_SCRIPT // 1024} KB; split it")
    return _compile_script(source)


def compile_expression(source: str) -> CodeType:
    """Compile a condition, timer or DMN expression (JUEL `${...}` or Python)."""
    if len(source) > MAX_EXPRESSION:
        raise CompileError(f"the expression is longer than {MAX_EXPRESSION // 1024} KB")
    return _compile_expression(source)


# Bounded caches: at most 512 x 64 KB of source are kept.
@lru_cache(maxsize=512)
def _compile_script(source: str) -> CodeType:
    result = compile_restricted_exec(source, filename="<script>", policy=SandboxPolicy)
    if result.errors:
        _raise_errors(result.errors)
    return result.code


@lru_cache(maxsize=512)
def _compile_expression(source: str) -> CodeType:
    try:
        python = juel.to_python(source)
    except juel.JuelError as exc:
        raise CompileError(str(exc)) from None
    result = compile_restricted_eval(python.strip(), filename="<expression>", policy=SandboxPolicy)
    if result.errors:
        _raise_errors(result.errors)
    return result.code
