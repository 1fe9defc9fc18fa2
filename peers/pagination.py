"""A page of a listing built from our own queries (where db.paginate does not fit)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One page of a listing, and enough to link to the others."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    extra: dict[int, Any] = field(default_factory=dict)  # details keyed by item id

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
