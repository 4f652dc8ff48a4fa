"""The layers stay apart: the library never loads the web front end, and only the engine knows Whoosh."""

import ast
import pathlib
import subprocess
import sys

import pytest

ARCHIVE = pathlib.Path(__file__).resolve().parent.parent / "archive"
MODULES = sorted(".".join(path.relative_to(ARCHIVE.parent).with_suffix("").parts).removesuffix(".__init__")
                 for path in ARCHIVE.rglob("*.py"))


def imported_names(path):
    """Return the modules a source file imports, wherever in the file the import stands (``archive.query``
    for ``from archive import query``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "archive" and not node.level:
            names.update(f"archive.{alias.name}" for alias in node.names)  # from archive import query
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_importing_every_library_module_loads_no_web_code():
    code = (f"import importlib, sys; [importlib.import_module(m) for m in {MODULES!r}]; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'werkzeug', 'jinja2', 'web'}))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


@pytest.mark.parametrize("path", sorted(ARCHIVE.rglob("*.py")), ids=lambda p: str(p.relative_to(ARCHIVE)))
def test_only_the_engine_imports_whoosh(path):
    whoosh = {name for name in imported_names(path) if name.split(".")[0] == "whoosh"}
    assert not whoosh or path.parent.name == "engine", f"{path.name} imports {sorted(whoosh)}"


@pytest.mark.parametrize("path", sorted(ARCHIVE.rglob("*.py")), ids=lambda p: str(p.relative_to(ARCHIVE)))
def test_the_library_imports_the_front_end_only_to_serve_it(path):
    front = {name for name in imported_names(path) if name.split(".")[0] in ("flask", "web")}
    # `archive serve` hands over to the web package, importing it inside the command only.
    assert front <= ({"web"} if path.name == "cli.py" else set())


# Methods of Whoosh's searchers, readers and writers; above the engine, documents are numbers and dictionaries.
WHOOSH_METHODS = {"stored_fields", "all_stored_fields", "document_number", "more_like", "docs_for_query",
                  "update_document", "delete_by_term", "leaf_readers", "column_reader", "doc_count",
                  "doc_count_all", "lexicon", "up_to_date"}
ABOVE_ENGINE = [path for path in sorted([*ARCHIVE.rglob("*.py"), *(ARCHIVE.parent / "web").rglob("*.py")])
                if path.parent.name != "engine"]


@pytest.mark.parametrize("path", ABOVE_ENGINE, ids=lambda p: str(p.relative_to(ARCHIVE.parent)))
def test_only_the_engine_calls_whoosh_methods(path):
    called = {node.func.attr for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
    assert not called & WHOOSH_METHODS, f"{path.name} calls {sorted(called & WHOOSH_METHODS)}"


# Each package's layer: a module imports only packages of lower layers, and the two top library layers,
# query (reading the index) and upkeep (writing it), not each other.
LAYERS = {"text": 0, "ingest": 1, "engine": 2, "query": 3, "upkeep": 3}


@pytest.mark.parametrize("path", [path for path in sorted(ARCHIVE.rglob("*.py")) if path.parent.name in LAYERS],
                         ids=lambda p: str(p.relative_to(ARCHIVE)))
def test_each_layer_imports_only_the_layers_below_it(path):
    layer = LAYERS[path.parent.name]
    imported = {name.split(".")[1] for name in imported_names(path) if name.startswith("archive.")}
    wrong = {package for package in imported & set(LAYERS) if package != path.parent.name and LAYERS[package] >= layer}
    assert not wrong, f"{path.relative_to(ARCHIVE)} imports {sorted(wrong)}"
