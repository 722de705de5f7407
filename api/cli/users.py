"""`credit-graph users`: named users with personal keys (add, list, disable)."""

from __future__ import annotations

import typer

from api.roles import Role
from api.settings import Settings
from api.users import UserError, Users

app = typer.Typer(no_args_is_help=True, help="named users and their personal keys")


def _users() -> Users:
    return Users(Settings.from_env().graph.home)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="the user's name (shown in the audit log as user:NAME)"),
    role: Role = typer.Option(..., "--role", help="what the user may see"),  # noqa: B008
) -> None:
    """Issue NAME a personal key; it is printed once and stored only as a keyed digest."""
    try:
        key = _users().add(name, role)
    except UserError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"用户 {name}（{role.value}）的密钥，仅显示这一次：")
    typer.echo(key)


@app.command("list")
def list_users() -> None:
    """Name, role, created, state."""
    for user in _users().list():
        state = "已停用" if user.disabled else "有效"
        typer.echo(f"{user.name:<20} {user.role.value:<12} {user.created}  {state}")


@app.command("disable")
def disable(name: str = typer.Argument(...)) -> None:
    """Refuse NAME's key from now on (the server reads the change at once)."""
    try:
        _users().disable(name)
    except UserError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"用户 {name} 已停用")
