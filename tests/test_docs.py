"""Documentation stays true: every command and option in docs/cli.md, every exported field in schema.md."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import typer.main

from newsledger.cli.main import app
from newsledger.store import Ledger
from newsledger.store.export import EXPORT_TABLES
from tests.conftest import REPO


def _sections(path: Path) -> dict[str, str]:
    text = path.read_text()
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


def test_every_command_and_option_is_documented() -> None:
    sections = _sections(REPO / "docs" / "cli.md")
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert set(commands) >= {"ingest", "articles", "show", "export"}
    for name, command in commands.items():
        section = sections.get(f"newsledger {name}")
        assert section is not None, f"docs/cli.md has no section for `newsledger {name}`"
        for param in command.params:
            if param.name == "help":
                continue
            is_option = type(param).__name__.endswith("Option")
            names = param.opts if is_option else [param.name.upper()]
            assert any(f"`{n}" in section for n in names), f"`newsledger {name}` {names} undocumented"


def test_every_exported_field_is_documented(tmp_path: Path) -> None:
    sections = _sections(REPO / "docs" / "schema.md")
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        for table, sql in EXPORT_TABLES.items():
            section = sections.get(table)
            assert section is not None, f"docs/schema.md has no section for {table}"
            columns = [d[0] for d in ledger.con.execute(f"SELECT * FROM ({sql}) LIMIT 0").description]
            documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
            assert documented == columns, f"{table}: documented {documented} != exported {columns}"
    assert duckdb.__version__ == "1.5.5"
