"""LEA Desktop: offline sign-up of LEA Followers at education fairs."""

__version__ = "0.1.0"
