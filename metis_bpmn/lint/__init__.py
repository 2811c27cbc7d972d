"""The rules engine: findings, rule registry, configuration and the runner."""
