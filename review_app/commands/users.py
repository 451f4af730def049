"""CLI for team-mode accounts: ``review-app users add | list | set-role | set-password``.

Accounts live in the project's database (PostgreSQL in team mode). Whoever can run these commands on the
project folder with its database URL acts as an admin (that is how the first admin is created); the
passwords are read from a hidden prompt or ``$REVIEW_APP_PASSWORD`` and stored only as Argon2id hashes
(:mod:`review_app.users`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from review_app.commands._common import friendly_errors, open_project
from review_app.models import Role

if TYPE_CHECKING:
    from review_app.project import OpenProject
    from review_app.users import UserService

ROLES = [r.value for r in Role]


def _accounts(op: OpenProject) -> UserService:
    """The account service of an open project, acting as its local user (imported when a command runs: the
    store is not loaded for other commands)."""
    from review_app.review import Actor
    from review_app.users import UserService

    return UserService(op.db, Actor.local(op.config.user))


def register(main: click.Group) -> None:

    @main.group()
    def users() -> None:
        """Manage team-mode accounts (login and roles: translator, reviewer, admin)."""

    project_arg = click.argument("project", type=click.Path(file_okay=False, path_type=Path))

    @users.command("add")
    @project_arg
    @click.argument("name")
    @click.option("--role", type=click.Choice(ROLES), default="translator", show_default=True)
    @click.password_option(envvar="REVIEW_APP_PASSWORD", help="Password (prompted; or $REVIEW_APP_PASSWORD).")
    @friendly_errors
    def add(project: Path, name: str, role: str, password: str) -> None:
        """Create account NAME with a role."""
        op = open_project(project)
        try:
            user = _accounts(op).create_user(name, password, role)
        finally:
            op.close()
        click.echo(f"created user {user.name} ({user.role.value})")

    @users.command("list")
    @project_arg
    @friendly_errors
    def list_(project: Path) -> None:
        """List accounts with their roles."""
        op = open_project(project)
        try:
            rows = _accounts(op).list_users()
        finally:
            op.close()
        for u in rows:
            lock = f"  locked until {u.locked_until:%Y-%m-%d %H:%M:%S}" if u.locked_until else ""
            click.echo(f"{u.name:<24} {u.role.value:<10} created {u.created_at:%Y-%m-%d}{lock}")
        click.echo(f"{len(rows)} users")

    @users.command("set-role")
    @project_arg
    @click.argument("name")
    @click.argument("role", type=click.Choice(ROLES))
    @friendly_errors
    def set_role(project: Path, name: str, role: str) -> None:
        """Change the role of account NAME."""
        op = open_project(project)
        try:
            user = _accounts(op).set_role(name, role)
        finally:
            op.close()
        click.echo(f"{user.name} is now {user.role.value}")

    @users.command("set-password")
    @project_arg
    @click.argument("name")
    @click.password_option(envvar="REVIEW_APP_PASSWORD", help="New password (prompted; or $REVIEW_APP_PASSWORD).")
    @friendly_errors
    def set_password(project: Path, name: str, password: str) -> None:
        """Set a new password for NAME (also lifts a sign-in lock)."""
        op = open_project(project)
        try:
            _accounts(op).set_password(name, password)
        finally:
            op.close()
        click.echo(f"password of {name} changed")
