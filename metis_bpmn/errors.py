"""Exceptions that carry a user-facing message. The CLI turns them into exit code 2."""


class UserError(Exception):
    """A mistake in the invocation, configuration or input that stops the command.

    The message is shown as is, without a traceback.
    """
