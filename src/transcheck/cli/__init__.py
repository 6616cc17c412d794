"""Command-line interface: the only place that turns errors into exit codes."""
