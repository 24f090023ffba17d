"""`contactcheck resources` and `contactcheck region`: the numbers, and the person's country."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from contactcheck.commands.group import Command, Group
from contactcheck.commands.options import format_option, region_option
from contactcheck.errors import terminal_safe
from contactcheck.output.formats import emit

if TYPE_CHECKING:
    pass

_HELP = {"help_option_names": ["-h", "--help"]}


@click.command(cls=Command, context_settings=_HELP)
@region_option
@click.option("--all", "show_all", is_flag=True, help="List every region, not just yours.")
@format_option("text", "json")
def resources(region: str | None, show_all: bool, output_format: str) -> None:
    """Show the emergency numbers, crisis and support lines for your region (or all regions).

    Each line names its official source and the day that source was read
    ("verified"), or says that it is not verified and why. A line verified
    more than a year ago is marked as possibly out of date. An unknown
    --region is an error (exit 2) that lists the known codes.
    """
    from contactcheck.check.region_choice import (
        UnknownRegion,
        choose_region,
        read_saved_region,
        unknown_message,
    )
    from contactcheck.check.resources import Absent, Line, Region, regions
    from contactcheck.i18n import _
    from contactcheck.output.listings import RegionListing

    choice = choose_region(region, saved=read_saved_region())
    if choice.unknown is not None:
        raise UnknownRegion(unknown_message(choice.unknown))
    shown = list(regions().values()) if show_all else [choice.region]
    stale: list[tuple[Region, Line | Absent]] = []
    for entry in shown:
        items: list[Line | Absent] = [*entry.lines, *entry.absent]
        stale += [(entry, item) for item in items if item.is_stale()]
    emit("resources", output_format, RegionListing(choice, tuple(shown), show_all))
    for entry, line in stale:
        assert line.verified is not None
        what = (line.in_language().name if isinstance(line, Line)
                else _("no national {kind} line").format(kind=line.kind))
        click.echo(_("warning: {region} {what}: verified {date}, more than a year ago; it may "
                     "be out of date").format(region=entry.code, what=what,
                                               date=line.verified.isoformat()), err=True)


@click.group(cls=Group, context_settings=_HELP)
def region() -> None:
    """Save, or show, the country whose numbers your results show.

    Nothing is saved unless you run `region set`; `contactcheck where` shows
    the file and `contactcheck forget` deletes it.
    """


@region.command("set", context_settings=_HELP)
@click.argument("code")
def set_region(code: str) -> None:
    """Save your country (two letters, e.g. GB, US, IE) for every check from now on."""
    from contactcheck.check.region_choice import country_name, save_region
    from contactcheck.check.resources import region_for
    from contactcheck.i18n import _

    path = save_region(code.strip())
    entry = region_for(code.strip())
    assert entry is not None
    click.echo(terminal_safe(_("Saved: numbers for {country} from now on ({file}).").format(
        country=country_name(entry), file=path)))
    click.echo(_("`contactcheck region show` shows it; `contactcheck forget` deletes it."))


@region.command("show", context_settings=_HELP)
def show_region() -> None:
    """Say which country your results use, and why."""
    from contactcheck.check.region_choice import (
        choose_region,
        read_saved_region,
        saved_region_path,
    )
    from contactcheck.i18n import _

    saved = read_saved_region()
    path = saved_region_path()
    if saved is not None:
        click.echo(terminal_safe(_("Saved region: {code} ({file}).").format(code=saved,
                                                                           file=path)))
    elif path.exists() or path.is_symlink():
        click.echo(terminal_safe(_("The saved region file {file} does not hold a country code; "
                                   "it is not used (`contactcheck region set CC` replaces it).")
                                 .format(file=path)))
    else:
        click.echo(_("No region is saved (`contactcheck region set CC` saves one)."))
    choice = choose_region(None, saved=saved)
    click.echo(choice.heading)
    for note in choice.notes:
        click.echo(note)
