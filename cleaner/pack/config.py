"""Project configuration: ``cleaner.toml``, or a ``[tool.cleaner]`` table in ``pyproject.toml``.

The file is found by walking up from the current folder, as ruff and black do: in each
folder ``cleaner.toml`` (keys at its top level) comes first, then ``pyproject.toml`` if
it has a ``[tool.cleaner]`` table. Command-line options win over the file.

>>> Config().packs
('cleaner',)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PACK = "cleaner"
"""The pack of default rules shipped with cleaner; it is named like any other pack."""

KEYS = {
    "packs": "Rule packs to load: an installed Python package's name (its `rules/` folder) or a path "
    'to a rule folder (with a `/`, like `./rules`). Default `["cleaner"]`, the default pack; `[]` loads none.',
    "rules": "More rule files or folders, relative to the config file.",
    "select": "Use only rules whose id starts with one of these (an id or a prefix like `PAY`).",
    "ignore": "Leave out rules whose id starts with one of these.",
    "glob": "Which files `clean` and `mine` take from folders (default `*.txt`).",
    "max-removed-share": "Over-removal limit: the largest share (0 to 1) of a document the rules may "
    "remove before the file is reported instead of written; the default of `clean --max-removed-share`.",
    "folder-sites": "A table of folder globs (below an input folder) and the site of the files in "
    'them, like `"bbc/*" = "bbc.co.uk"`; first match wins. Default: the first folder level is the site.',
}
"""Every key of the configuration, with what it does (the README lists the same)."""


class ConfigError(ValueError):
    """A configuration file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    """Settings from a configuration file (or the defaults when there is none)."""

    path: Path | None = None
    packs: tuple[str, ...] = (DEFAULT_PACK,)
    rules: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    glob: str | None = None
    max_removed_share: float | None = None
    folder_sites: tuple[tuple[str, str], ...] = ()

    def pack_paths(self) -> list[Path]:
        """The rule folders of the packs other than the default pack, in order."""
        base = self.path.parent if self.path else Path.cwd()
        try:
            return [pack_path(name, base) for name in self.packs if name != DEFAULT_PACK]
        except ConfigError as exc:
            raise ConfigError(f"{self.path}: {exc}" if self.path else str(exc)) from None


def pack_path(name: str, base: Path | None = None) -> Path:
    """The rule folder of a pack: a path (with ``/``, relative to ``base``) or an installed package's ``rules/``.

    >>> pack_path("cleaner").is_dir()
    True
    """
    if "/" in name or "\\" in name:
        folder = (base or Path.cwd()) / name
        if not folder.is_dir():
            raise ConfigError(f"pack {name!r}: no such rule folder")
        return folder
    if name == DEFAULT_PACK:
        from .rules import default_rules_path

        return default_rules_path()
    from importlib import resources

    try:
        rules = Path(str(resources.files(name) / "rules"))
    except (ModuleNotFoundError, TypeError, ValueError):
        raise ConfigError(f"pack {name!r}: no installed Python package of that name") from None
    if not rules.is_dir():
        raise ConfigError(f"pack {name!r}: the package has no rules/ folder")
    return rules


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``cleaner.toml``, or ``pyproject.toml`` with ``[tool.cleaner]``, at or above ``start``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "cleaner.toml").is_file():
            return folder / "cleaner.toml"
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cleaner" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # here: a run with no configuration file does without it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def read_config(path: Path) -> Config:
    """Read one configuration file; :class:`ConfigError` names the file and key on any fault."""
    path = Path(path)
    data = _read(path)
    table = data.get("tool", {}).get("cleaner", {}) if path.name == "pyproject.toml" else data
    where = f"{path}: [tool.cleaner]" if path.name == "pyproject.toml" else str(path)
    for key in table:
        if key not in KEYS:
            from .rules import suggest

            raise ConfigError(f"{where}: unknown key '{key}'{suggest(key, KEYS)}")
    settings: dict[str, Any] = {"path": path}
    for key in ("packs", "select", "ignore"):
        if key in table:
            settings[key] = _strings(where, key, table[key])
    if "rules" in table:
        settings["rules"] = tuple(path.parent / p for p in _strings(where, "rules", table["rules"]))
    if "glob" in table:
        if not isinstance(table["glob"], str) or not table["glob"]:
            raise ConfigError(f"{where}: 'glob' must be a pattern string, like '*.txt'")
        settings["glob"] = table["glob"]
    share = table.get("max-removed-share")
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
            raise ConfigError(f"{where}: 'max-removed-share' must be a number above 0 and at most 1")
        settings["max_removed_share"] = float(share)
    folders = table.get("folder-sites", {})
    if not isinstance(folders, dict) or not all(isinstance(v, str) and v for v in folders.values()):
        raise ConfigError(
            f'{where}: \'folder-sites\' must be a table of folder globs and sites, like "bbc/*" = "bbc.co.uk"'
        )
    settings["folder_sites"] = tuple(folders.items())
    return Config(**settings)


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The configuration in ``path``, else the one found from ``start``, else the defaults."""
    found = path or find_config(start)
    return read_config(found) if found else Config()
