"""Regenerate screenshots/*.svg from the demo book at a fixed date, in Chinese and English.

    python scripts/screenshots.py                 # every shot, both languages
    python scripts/screenshots.py contact today   # only these shots
    python scripts/screenshots.py --lang zh       # only one language

Each shot is a fresh app on a fresh copy of the demo book (built in a temporary CLIENTBOOK_HOME,
so the rep's real book and config are never touched; once per date and language, as building
it takes a second), driven by a few async steps, then exported as
`screenshots/{name}-{lang}.svg`. To add a screen, write its steps and append a `Shot` to SHOTS.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NOW = datetime(2026, 11, 26, 10, 0)  # a Thursday morning; the demo book is built around it
SIZE = (120, 36)
LANGUAGES = ("zh", "en")
OUT = Path(__file__).resolve().parent.parent / "screenshots"
# Shown in the header instead of the temporary path (where `clientbook --demo` keeps it on Linux).
SUBTITLE = "~/.local/share/clientbook/demo.db"

Steps = Callable[["object", "object"], Awaitable[None]]  # async (app, pilot) -> None


@dataclass(frozen=True)
class Shot:
    name: str            # file name stem: screenshots/{name}-{lang}.svg
    steps: Steps         # drive the app from Today to the screen to capture
    size: tuple[int, int] = SIZE
    now: datetime = NOW  # the clock the demo book is built around and the app reads


# ------------------------------------------------------------------ steps
async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # e.g. Today's gift reminders
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def contact_id(app, name: str) -> int:
    [row] = [row for row in app.store.contacts.search_contacts(name) if row.name == name]
    return row.id


async def today(app, pilot) -> None:
    """Today is the first screen: nothing to do."""


async def contacts_search(app, pilot) -> None:
    await pilot.press("2")
    await settle(pilot)
    if not app.screen.query_one("#search").has_focus:
        await pilot.press("slash")
    await pilot.press(*"zw")  # initials: 张伟 and whoever else matches


async def contact(app, pilot) -> None:
    from clientbook.ui.screens.contact import ContactScreen

    await pilot.press("2")
    await settle(pilot)
    app.push_screen(ContactScreen(contact_id(app, "张伟")))


async def companies(app, pilot) -> None:
    await pilot.press("3")


async def quick_log(app, pilot) -> None:
    """The quick log half-way through "called 张总, send quote Friday"."""
    await pilot.press("l")
    await settle(pilot)  # the form opens once its read is back
    for key in "zw":     # the picker searches in a worker: each answer in before the next key
        await pilot.press(key)
        await settle(pilot)
    await pilot.press("enter", *"发报价单", "tab", *"fri")


async def timeline(app, pilot) -> None:
    """杨帆's page: a contact with meals, a follow-up and level changes in the timeline."""
    from clientbook.ui.screens.contact import ContactScreen

    app.push_screen(ContactScreen(contact_id(app, "杨帆")))


async def note_search(app, pilot) -> None:
    await pilot.press("4", *"火锅")


async def today_mid_autumn(app, pilot) -> None:
    """Today inside the Mid-Autumn lead window: the cursor on the first person due a gift."""
    table = app.screen.query_one("#agenda")
    keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
    table.move_cursor(row=next(i for i, key in enumerate(keys) if key.startswith("g:mid_autumn:")))


async def calendar(app, pilot) -> None:
    await pilot.press("6")


def meal_id(app, coming: bool) -> int:
    """The demo's coming meal (our boss and three of 华为's people) or its past one."""
    now = app.now()
    return next(m.id for m in app.store.meals.list_meals() if (m.planned_at > now) == coming)


async def meal_plan(app, pilot) -> None:
    """The coming meal: diners, checks, dishes and the round table with our boss hosting."""
    from clientbook.ui.screens.meal_plan import MealPlanScreen

    await pilot.press("5")
    await settle(pilot)
    app.push_screen(MealPlanScreen(meal_id(app, coming=True)))


async def meal_prep(app, pilot) -> None:
    from clientbook.ui.screens.meal_prep import MealPrepScreen

    await pilot.press("5")
    await settle(pilot)
    app.push_screen(MealPrepScreen(meal_id(app, coming=True)))


async def meal_minutes(app, pilot) -> None:
    """Yesterday's lunch asks for its minutes: the form half filled in."""
    from clientbook.ui.forms.flow import run_flow
    from clientbook.ui.forms.minutes import minutes_flow

    run_flow(app, minutes_flow(meal_id(app, coming=False)))
    await settle(pilot)
    from clientbook.i18n import language

    form = app.screen
    if language() == "zh":
        lines = {
            "discussed": "赵敏对测试报告基本满意，担心交期。",
            "agreements": "样品下周三前补测\n交期按 4 周排",
            "actions": "我方：发补测计划 周五\n对方/赵敏：确认交期 下周一",
            "learned": "赵敏：两个孩子都在学钢琴",
        }
    else:
        lines = {
            "discussed": "Zhao Min is happy with the test report, worried about the lead time.",
            "agreements": "Retest the samples by next Wednesday\nLead time: 4 weeks",
            "actions": "us: send the retest plan fri\nthem/赵敏: confirm the lead time next mon",
            "learned": "赵敏: both children learn the piano",
        }
    for name, value in lines.items():
        form.query_one(f"#f-{name}").load_text(value)
    form.query_one("#f-cost").value = "560"
    form.query_one("#f-discussed").focus()


async def deals(app, pilot) -> None:
    await pilot.press("7")


async def insights(app, pilot) -> None:
    await pilot.press("8")


async def deal(app, pilot) -> None:
    """华为's deal in the middle of the negotiation: people, needs, limits, the concession log."""
    from clientbook.ui.screens.deal import DealScreen

    [row] = [row for row in app.deals.find_deals("华为二期", app.now().date())]
    app.push_screen(DealScreen(row.id))


async def call_card(app, pilot) -> None:
    """张伟's page, `c`: the call prepared, its card with yesterday's lesson at hand (at 80×24)."""
    from clientbook.i18n import language
    from clientbook.ui.screens.contact import ContactScreen

    app.push_screen(ContactScreen(contact_id(app, "张伟")))
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    if language() == "zh":
        values = {"matter": "二期报价的评审结果", "our_outcome": "评审通过，下周签框架协议",
                  "their_outcome": "再降 1%，交期提前一周", "their_attitude": "认可方案，还会压价",
                  "tone": "肯定交期，价格守住"}
        rehearsal = "先报交期：4 周可交\n降价最多再给 1%，要换预付三成"
    else:
        values = {"matter": "The outcome of the phase-two quote review", "our_outcome": "Approved; frame contract next week",
                  "their_outcome": "1% more off, a week sooner", "their_attitude": "Likes the plan, will still push on price",
                  "tone": "Firm on lead time, hold the price"}
        rehearsal = "Lead time first: 4 weeks\nAt most 1% more, only for 30% paid up front"
    for name, value in values.items():
        app.screen.query_one(f"#f-{name}").value = value
    app.screen.query_one("#f-rehearsal").load_text(rehearsal)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await app.workers.wait_for_complete()
    app.clear_notifications()


IMPORT_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import"
IMPORT_SHOWN_PATH = "~/Downloads/contacts.vcf"


async def import_preview(app, pilot) -> None:
    """The import preview of a phone's export: look-alikes of demo contacts, new ones, one broken card."""
    from clientbook import paths
    from clientbook.services.interop import vcard_bytes

    some = [row.id for row in app.store.contacts.search_contacts()][:4]
    data = vcard_bytes(app.store, some)[0]
    data += (IMPORT_FIXTURES / "android-21-qp.vcf").read_bytes() + (IMPORT_FIXTURES / "malformed.vcf").read_bytes()
    file = paths.home() / "contacts.vcf"
    file.write_bytes(data)
    app.action_import_contacts(str(file))
    await settle(pilot)
    await app.workers.wait_for_complete()
    await settle(pilot)
    screen = app.screen
    await pilot.press("m")                    # the first look-alike: merge
    # Show a path like the rep's own instead of the temporary folder.
    screen.query_one("#import-path").value = IMPORT_SHOWN_PATH
    from rich.text import Text

    screen.query_one("#import-status").update(Text(f"{IMPORT_SHOWN_PATH}: {screen.source.detail}"))


MID_AUTUMN_WINDOW = datetime(2027, 9, 1, 10, 0)  # 中秋 2027 is 09-15: 14 days into the 21-day lead

SHOTS: list[Shot] = [
    Shot("today", today),
    Shot("contacts-search", contacts_search),
    Shot("contact", contact),
    Shot("companies", companies),
    Shot("quick-log", quick_log),
    Shot("timeline", timeline),
    Shot("note-search", note_search),
    Shot("today-mid-autumn", today_mid_autumn, now=MID_AUTUMN_WINDOW),
    Shot("calendar", calendar),
    Shot("meal-plan", meal_plan),
    Shot("meal-prep", meal_prep),
    Shot("meal-minutes", meal_minutes),
    Shot("import-preview", import_preview),
    Shot("deals", deals),
    Shot("deal", deal),
    Shot("call-card", call_card, size=(80, 24)),
    Shot("insights", insights),
    Shot("insights-80x24", insights, size=(80, 24)),
]


# ------------------------------------------------------------------ running
_DEMO_BOOKS: dict[tuple[datetime, str], Path] = {}


def demo_book(now: datetime, lang: str, build) -> Path:
    """The demo book built around `now` in `lang`, once per process (the snapshot tests take
    thirty-odd shots): each shot copies it. Closed after building, it is one file, no -wal."""
    if (now, lang) not in _DEMO_BOOKS:
        folder = Path(tempfile.mkdtemp(prefix="clientbook-demo-"))
        atexit.register(shutil.rmtree, folder, True)
        _DEMO_BOOKS[now, lang] = folder / "demo.db"
        build(_DEMO_BOOKS[now, lang], now)
    return _DEMO_BOOKS[now, lang]


async def take(shot: Shot, lang: str, home: Path, out: Path) -> Path:
    from clientbook.demo import build_demo_book
    from clientbook.i18n import set_language
    from clientbook.store import open_store
    from clientbook.ui.app import ClientbookApp

    set_language(lang)  # before the app: bindings and the demo's own texts are in it
    book = home / f"{shot.name}-{lang}" / "demo.db"
    book.parent.mkdir(parents=True)
    shutil.copyfile(demo_book(shot.now, lang, build_demo_book), book)
    app = ClientbookApp(book=book, clock=lambda: shot.now, store=open_store(book, shot.now))
    async with app.run_test(size=shot.size) as pilot:
        await app.ready.wait()
        await settle(pilot)
        await shot.steps(app, pilot)
        await settle(pilot)
        if app.sub_title == str(book):  # screens that set no subtitle of their own
            app.sub_title = SUBTITLE
            await settle(pilot)
        _steady_cursors(app)
        _fitted_footer(app)
        await settle(pilot)
        svg = await _stable_screenshot(app, pilot, title=f"clientbook — {shot.name} ({lang})")
    target = out / f"{shot.name}-{lang}.svg"
    target.write_text(svg, encoding="utf-8")
    return target


def _fitted_footer(app) -> None:
    """The footer hides keys that do not fit whole; a fit taken before the keys' styles were all
    applied kept a key at the edge that a later one hides. Fitted once more now, a rendering
    does not depend on which came last."""
    from clientbook.ui.widgets.footer import KeysFooter

    for footer in app.screen.query(KeysFooter):
        footer._fit()


def _steady_cursors(app) -> None:
    """A blinking cursor is drawn or not by the clock: shown steadily, a rendering does not depend
    on the moment (or on how loaded the machine is) when it was taken."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
        # TextArea keeps lines drawn in the blink's dark half under the key a steady cursor
        # uses too; a style update drops them, so the cursor is drawn whatever the moment.
        widget.notify_style_update()


async def _stable_screenshot(app, pilot, title: str, tries: int = 50) -> str:
    """The screen once two renderings in a row agree. A DataTable measures rows it was given on
    an idle pass, so on a busy machine one rendering can still show columns before that pass."""
    svg = app.export_screenshot(title=title)
    for _ in range(tries):
        await pilot.pause(0.05)
        await settle(pilot)
        again = app.export_screenshot(title=title)
        if again == svg:
            return svg
        svg = again
    return svg


async def take_all(shots: list[Shot], languages: tuple[str, ...], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("CLIENTBOOK_HOME")
    with tempfile.TemporaryDirectory(prefix="clientbook-shots-") as home:
        os.environ["CLIENTBOOK_HOME"] = home  # config, logs, demo: all in the throw-away folder
        try:
            return [await take(shot, lang, Path(home), out) for shot in shots for lang in languages]
        finally:
            if previous is None:
                os.environ.pop("CLIENTBOOK_HOME", None)
            else:
                os.environ["CLIENTBOOK_HOME"] = previous


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="shots to take (default: all): " + ", ".join(s.name for s in SHOTS))
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="language (default: both)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    args = parser.parse_args(argv)
    unknown = set(args.names) - {shot.name for shot in SHOTS}
    if unknown:
        parser.error(f"unknown shot(s): {', '.join(sorted(unknown))}")
    shots = [shot for shot in SHOTS if not args.names or shot.name in args.names]
    for path in asyncio.run(take_all(shots, tuple(args.lang or LANGUAGES), args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
