"""`contactcheck resources`: emergency numbers and crisis lines by region."""

from __future__ import annotations

import click

from contactcheck.commands.options import format_option, region_option
from contactcheck.output import jsondoc


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@region_option
@click.option("--all", "show_all", is_flag=True, help="List every region, not just yours.")
@format_option("text", "json")
def resources(region: str | None, show_all: bool, output_format: str) -> None:
    """Show the emergency number and crisis lines for your region (or all regions).

    Each entry names its source and the date it was last checked; an entry
    not checked for over a year is marked as possibly out of date.
    """
    from contactcheck.check.resources import choose_region, regions

    choice = choose_region(region)
    shown = list(regions().values()) if show_all else [choice.region]
    if output_format == "json":
        click.echo(jsondoc.dumps({
            "region": choice.region.code, "requested": choice.requested, "how": choice.how,
            "regions": [{
                "code": r.code, "name": r.name, "emergency": r.emergency,
                "lines": [{"name": line.name, "how": line.how} for line in r.lines],
                "source": r.source, "checked": r.checked.isoformat() if r.checked else None,
                "stale": r.is_stale(), "members": list(r.members)} for r in shown],
        }, indent=2))
        return
    if not show_all:
        click.echo(f"Region: {choice.region.name} ({choice.how}).")
    for entry in shown:
        click.echo("")
        click.echo(f"{entry.name} [{entry.code}]")
        click.echo(f"  Emergency: {entry.emergency}")
        for line in entry.lines:
            click.echo(f"  {line.name}: {line.how}")
        checked = entry.checked.isoformat() if entry.checked else "never"
        click.echo(f"  Source: {entry.source}; last checked {checked}"
                   + (" (may be out of date)" if entry.is_stale() else ""))
    if not show_all and choice.requested is None:
        click.echo("\nSet your region with --region CC or CONTACTCHECK_REGION=CC "
                   "(e.g. US, GB, IE); `--all` lists every region.")
