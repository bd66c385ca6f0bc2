"""`clientbook team import BOOK.db`: a rep's own book into the team book (store/team_import.py),
after the contacts import's preview of its contacts against the team's (look-alikes and why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from clientbook.i18n import t


@dataclass
class BookImport:
    """A rep's book open beside the team's, its contacts sorted against the team's; close() after."""

    path: Path
    source: object          # the rep's Store
    preview: object         # store.staging.StagedPreview

    def lines(self, list_limit: int = 50) -> list[str]:
        """The preview in words: the counts, then the look-alikes with whom and why."""
        from clientbook.domain.dedupe import DUPLICATE, NEW
        from clientbook.services.interop import person, reason_text

        matched = [row for row in self.preview.rows(DUPLICATE) if row.match_id is not None]
        lines = [t("team.access.import.summary", path=self.path, new=self.preview.count(NEW) + self.preview.count(DUPLICATE)
                   - len(matched), same=len(matched))]
        if matched:
            lines.append(t("team.access.import.same_title"))
            for row in matched[:list_limit]:
                lines.append(t("interop.cli.row_duplicate", where=f"#{row.number}", who=person(row),
                               reason=reason_text(row, "json")))
            if len(matched) > list_limit:
                lines.append("  " + t("interop.cli.more", count=len(matched) - list_limit))
        return lines

    def apply(self, team_store, now: datetime) -> dict[str, int]:
        """Everything moved in, one transaction; rows per table. Raises BookError."""
        from clientbook.domain.dedupe import DUPLICATE
        from clientbook.store.team_import import import_book

        same = {row.number: row.match_id for row in self.preview.iter_rows(DUPLICATE) if row.match_id is not None}
        return import_book(self.source.sessions, team_store.sessions, same, now)

    def close(self) -> None:
        self.preview.close()
        self.source.close()


def open_import(team_store, path: str | Path) -> BookImport:
    """The rep's book at `path` (an older one is upgraded first, with its copy aside, as any
    command does) and its contacts sorted against the team book's. Raises BookError."""
    from clientbook.errors import BookError
    from clientbook.location import ServerBook
    from clientbook.store import open_store
    from clientbook.store.team_import import source_rows

    if not isinstance(team_store.path, ServerBook):
        raise BookError("team.access.error.import_target")
    path = Path(path).expanduser()
    if not path.is_file():
        raise BookError("team.access.error.no_book", path=path)
    source = open_store(path)
    try:
        preview = team_store.interop.preview_import(source_rows(source.sessions))
    except BaseException:
        source.close()
        raise
    return BookImport(path, source, preview)
