"""transcheck: multilingual translation QA and comparison, fully offline."""

__version__ = "0.1.0"
__all__ = ["__version__"]
