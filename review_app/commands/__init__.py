"""CLI command groups of each feature area, registered on ``review_app.cli.main`` by COMMAND_MODULES there.

Each module defines click commands and a ``register(main: click.Group)`` function.
"""
