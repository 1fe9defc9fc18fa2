"""Read YAML keeping the line of every mapping and of each of its keys, so that the catalog
loader can name the line of every problem it finds."""

from typing import Any

import yaml


class LineDict(dict):
    """A mapping read from YAML that remembers where it started and where each key is."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, building LineDicts (lines counted from 1)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int | float | bool) or key is None:
                mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)


def load_with_lines(text: str) -> Any:
    """Parse YAML text; every mapping in the result is a LineDict."""
    # _LineLoader is a SafeLoader subclass: no arbitrary Python objects.
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506  # nosec B506


def line_of(mapping: Any, key: Any = None) -> int:
    """The line of `key` in a mapping read by load_with_lines (0 when unknown)."""
    if not isinstance(mapping, LineDict):
        return 0
    return mapping.line if key is None else mapping.line_of(key)
